"use client";

import type * as React from "react";
import { Select } from "@/components/ui/select";
import type { Team } from "./api";

/** A native select of every team, by name; shows a placeholder while the teams load. */
export function TeamSelect({
  teams,
  placeholder,
  ...props
}: { teams: Team[] | undefined; placeholder?: string } & React.ComponentProps<"select">) {
  return (
    <Select disabled={!teams || props.disabled} {...props}>
      {placeholder !== undefined || !teams ? <option value="">{teams ? placeholder : "Loading teams…"}</option> : null}
      {teams?.map((team) => (
        <option key={team.id} value={team.id}>
          {team.name}
        </option>
      ))}
    </Select>
  );
}
