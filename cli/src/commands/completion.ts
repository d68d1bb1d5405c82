import type { Command } from "commander";
import { CliError } from "../output.js";

/** A command of the tree, flattened: its path of names ("skills sync"), sub-commands and options. */
type Node = {
  path: string;
  description: string;
  commands: { name: string; description: string }[];
  options: { flags: string[]; description: string; takesValue: boolean }[];
};

/** Every command reachable from `root` with what may follow it; global options are offered everywhere. */
export function commandTree(root: Command): Node[] {
  // The root's own options minus -V/--version, which only the root understands.
  const globals = optionsOf(root).filter((option) => !option.flags.includes("--version"));
  const nodes: Node[] = [];
  const walk = (command: Command, path: string) => {
    const visible = command.commands.filter((sub) => !(sub as unknown as { _hidden?: boolean })._hidden);
    nodes.push({
      path,
      description: command.description(),
      commands: visible.map((sub) => ({ name: sub.name(), description: sub.description() })),
      options: [...(command === root ? optionsOf(root) : [...optionsOf(command), ...globals]), helpOption],
    });
    for (const sub of visible) walk(sub, path ? `${path} ${sub.name()}` : sub.name());
  };
  walk(root, "");
  return nodes;
}

const helpOption = { flags: ["-h", "--help"], description: "show help", takesValue: false };

const optionsOf = (command: Command) =>
  command.options
    .filter((option) => !option.hidden)
    .map((option) => ({
      flags: [option.short, option.long].filter((flag): flag is string => Boolean(flag)),
      description: option.description,
      takesValue: option.required || option.optional,
    }));

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const words = (node: Node) => [...node.commands.map((c) => c.name), ...node.options.flatMap((o) => o.flags)].join(" ");

function bash(root: Command, nodes: Node[]): string {
  const name = root.name();
  const fn = `_${name}_completion`;
  const cases = (pick: (node: Node) => string) =>
    nodes.map((node) => `    ${quote(node.path)}) echo ${quote(pick(node))} ;;`).join("\n");
  return `# ${name} completion for bash: source this file (see \`${name} completion --help\`)
${fn}_commands() {
  case "$1" in
${cases((node) => node.commands.map((c) => c.name).join(" "))}
  esac
}
${fn}_words() {
  case "$1" in
${cases(words)}
  esac
}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    if [[ " $(${fn}_commands "$path") " == *" $word "* ]]; then path="\${path:+$path }$word"; fi
  done
  COMPREPLY=($(compgen -W "$(${fn}_words "$path")" -- "$cur"))
}
complete -o default -F ${fn} ${name}
`;
}

function zsh(root: Command, nodes: Node[]): string {
  const name = root.name();
  const fn = `_${name}`;
  const describe = (node: Node) =>
    [
      ...node.commands.map((c) => `${c.name}:${c.description}`),
      ...node.options.flatMap((o) => o.flags.map((flag) => `${flag}:${o.description}`)),
    ]
      // _describe splits at the first colon: names never hold one, descriptions may.
      .map(quote)
      .join(" ");
  const cases = (pick: (node: Node) => string) =>
    nodes.map((node) => `    ${quote(node.path)}) ${pick(node)} ;;`).join("\n");
  return `#compdef ${name}
# ${name} completion for zsh (see \`${name} completion --help\`)
${fn}_commands() {
  case "$1" in
${cases((node) => `reply=(${node.commands.map((c) => c.name).join(" ")})`)}
  esac
}
${fn}_entries() {
  case "$1" in
${cases((node) => `reply=(${describe(node)})`)}
  esac
}
${fn}() {
  local path="" word i
  local -a reply entries
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    [[ "$word" == -* ]] && continue
    ${fn}_commands "$path"
    if (( \${reply[(Ie)$word]} )); then path="\${path:+$path }$word"; fi
  done
  ${fn}_entries "$path"
  entries=("\${reply[@]}")
  _describe -t commands '${name}' entries
  _files
}
compdef ${fn} ${name}
`;
}

function fish(root: Command, nodes: Node[]): string {
  const name = root.name();
  const lines = [`# ${name} completion for fish (see \`${name} completion --help\`)`, `complete -c ${name} -f`];
  for (const node of nodes) {
    const parts = node.path ? node.path.split(" ") : [];
    const last = parts.at(-1);
    const children = node.commands.map((c) => c.name).join(" ");
    const here = parts.length === 0 ? "__fish_use_subcommand" : `__fish_seen_subcommand_from ${last}`;
    const notDeeper = children ? `; and not __fish_seen_subcommand_from ${children}` : "";
    const condition = quote(`${here}${parts.length === 0 ? "" : notDeeper}`);
    for (const sub of node.commands) {
      lines.push(`complete -c ${name} -n ${condition} -a ${sub.name} -d ${quote(sub.description)}`);
    }
    for (const option of node.options) {
      const flags = option.flags
        .map((flag) => (flag.startsWith("--") ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`))
        .join(" ");
      lines.push(
        `complete -c ${name} -n ${condition} ${flags}${option.takesValue ? " -r" : ""} -d ${quote(option.description)}`,
      );
    }
    if (parts.length > 0) lines.push(`complete -c ${name} -n ${condition} -F`);
  }
  return `${lines.join("\n")}\n`;
}

const SHELLS = { bash, zsh, fish } as const;

export function registerCompletion(program: Command): void {
  program
    .command("completion")
    .description("Print a shell completion script for spechub (bash, zsh or fish)")
    .argument("[shell]", "bash, zsh or fish", "bash")
    .addHelpText(
      "after",
      `
The script is generated from this CLI's commands and options, so it stays current: regenerate it
after upgrading.

Install:
  bash  $ spechub completion bash > ~/.local/share/bash-completion/completions/spechub
        (or add  source <(spechub completion bash)  to ~/.bashrc)
  zsh   $ spechub completion zsh > "\${fpath[1]}/_spechub"   # then restart zsh
        (or add  source <(spechub completion zsh)  to ~/.zshrc, after compinit)
  fish  $ spechub completion fish > ~/.config/fish/completions/spechub.fish

With --json: the command tree ({"commands": [{"path", "description", "commands", "options"}]}).`,
    )
    .action((shell: string, _options: unknown, command: Command) => {
      const root = command.parent!;
      const nodes = commandTree(root);
      if (command.optsWithGlobals<{ json?: boolean }>().json) {
        process.stdout.write(`${JSON.stringify({ commands: nodes }, null, 2)}\n`);
        return;
      }
      const generate = SHELLS[shell as keyof typeof SHELLS];
      if (!generate) throw new CliError(`Unknown shell '${shell}': choose bash, zsh or fish`);
      process.stdout.write(generate(root, nodes));
    });
}
