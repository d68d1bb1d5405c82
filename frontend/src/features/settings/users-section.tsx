"use client";

import { Search, UserPlus, Users } from "lucide-react";
import * as React from "react";
import { Controller, useForm } from "react-hook-form";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { FormDialogFooter } from "@/components/form-footers";
import { Pagination } from "@/components/pagination";
import { DebouncedSearchField } from "@/components/search-field";
import { TeamChoice } from "@/components/team-choice";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTeamsById } from "@/lib/api/teams";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { type Me, type Team, type User, useCreateUser, useUpdateUser, useUsers } from "./api";
import { EditTeamsDialog } from "./edit-teams-dialog";
import { EditUserDialog } from "./edit-user-dialog";
import { ROLE_OPTIONS, type Role, toCreateUserBody } from "./form-values";
import { MoveUserDialog } from "./move-user-dialog";
import type { CreateUserValues } from "./schemas";
import { SetPasswordDialog } from "./set-password-dialog";
import { isActiveFilter, teamNamesOf, USER_STATUS_OPTIONS } from "./user-admin-values";
import { type UserChange, useConfirmedUserChange } from "./user-change";

const PAGE_SIZE = 20;
const CREATE_FIELDS = ["username", "display_name", "email", "password", "role", "team_id"] as const;

function CreateUserDialog({ defaultTeamId }: { defaultTeamId: string }) {
  const [open, setOpen] = React.useState(false);
  const create = useCreateUser();
  const defaults: CreateUserValues = {
    username: "",
    display_name: "",
    email: "",
    password: "",
    role: "member",
    team_id: defaultTeamId,
  };
  const form = useForm<CreateUserValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.createUserSchema)),
    defaultValues: defaults,
  });
  const { errors } = form.formState;

  const onOpenChange = (next: boolean) => {
    if (next) {
      form.reset(defaults);
      create.reset();
    }
    setOpen(next);
  };

  const onSubmit = form.handleSubmit((values) =>
    create.mutate(toCreateUserBody(values), {
      onSuccess: () => setOpen(false),
      onError: (error) => applyServerErrors(error, form.setError, CREATE_FIELDS),
    }),
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <UserPlus aria-hidden />
          New user
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>New user</DialogTitle>
          <DialogDescription>
            Creates the account directly. To let someone choose their own username and password, invite them instead.
          </DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="grid gap-4">
          {create.error ? <ErrorAlert error={create.error} title="The user was not created" /> : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Username" required error={errors.username?.message}>
              {(control) => <Input {...control} autoFocus autoComplete="off" {...form.register("username")} />}
            </Field>
            <Field label="Display name" error={errors.display_name?.message}>
              {(control) => <Input {...control} autoComplete="off" {...form.register("display_name")} />}
            </Field>
            <Field label="Email" error={errors.email?.message}>
              {(control) => <Input {...control} type="email" autoComplete="off" {...form.register("email")} />}
            </Field>
            <Field
              label="Password"
              description="Optional: without one, they cannot sign in until it is set."
              error={errors.password?.message}
            >
              {(control) => (
                <Input {...control} type="password" autoComplete="new-password" {...form.register("password")} />
              )}
            </Field>
            <Field label="Role" error={errors.role?.message}>
              {(control) => (
                <Select {...control} {...form.register("role")}>
                  {ROLE_OPTIONS.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <Controller
            control={form.control}
            name="team_id"
            render={({ field }) => (
              <TeamChoice
                legend="Team"
                searchLabel="Find a team for the new user"
                value={field.value}
                onChange={(teamId) => field.onChange(teamId)}
                error={errors.team_id?.message}
              />
            )}
          />
          <FormDialogFooter
            onCancel={() => onOpenChange(false)}
            pending={create.isPending}
            submitLabel="Create user"
            pendingLabel="Creating…"
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}

function UserRow({
  user,
  me,
  teams,
  onUpdate,
  onAskChange,
  onNotice,
  pending,
}: {
  user: User;
  me: Me;
  teams: Team[] | undefined;
  onUpdate: (user: User, body: { is_active: boolean }) => Promise<unknown>;
  /** Asks before changing the role or team; focus returns to the control afterwards. */
  onAskChange: (
    user: User,
    change: UserChange,
    returnFocusTo: React.RefObject<HTMLElement | null>,
    teamName?: string,
  ) => void;
  onNotice: (notice: string) => void;
  pending: boolean;
}) {
  const name = user.display_name || user.username;
  const self = user.id === me.id;
  const roleSelect = React.useRef<HTMLSelectElement>(null);
  return (
    <TableRow>
      <TableCell>
        <div className="font-medium">
          {name}
          {self ? <span className="ml-1.5 text-xs font-normal text-muted-foreground">(you)</span> : null}
        </div>
        <div className="text-xs text-muted-foreground">
          @{user.username}
          {user.email ? ` · ${user.email}` : null}
        </div>
      </TableCell>
      <TableCell className="w-36">
        <Select
          className="min-w-28"
          ref={roleSelect}
          aria-label={`Role of ${name}`}
          value={user.role}
          disabled={pending}
          onChange={(event) => onAskChange(user, { role: event.target.value as Role }, roleSelect)}
        >
          {ROLE_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
      </TableCell>
      <TableCell className="w-56">
        <div className="flex items-start gap-1">
          <ul aria-label={`Teams of ${name}`} className="flex min-w-0 flex-1 flex-wrap gap-1 pt-0.5">
            {teamNamesOf(user.team_ids, teams).map((team, index) => (
              <li key={team.id}>
                <Badge variant={index === 0 ? "default" : "secondary"}>
                  {team.name}
                  {index === 0 ? <span className="sr-only"> (primary)</span> : null}
                </Badge>
              </li>
            ))}
          </ul>
          <MoveUserDialog
            user={user}
            disabled={pending}
            onPick={(team, returnFocusTo) => onAskChange(user, { team_id: team.id }, returnFocusTo, team.name)}
          />
        </div>
      </TableCell>
      <TableCell>
        {user.is_active ? <Badge variant="success">Active</Badge> : <Badge variant="destructive">Deactivated</Badge>}
      </TableCell>
      <TableCell className="space-x-1 text-right whitespace-nowrap">
        <EditUserDialog user={user} onSaved={onNotice} />
        <EditTeamsDialog user={user} onSaved={onNotice} />
        {/* Your own password needs the current one: that is the Profile tab's form. The gap keeps columns aligned. */}
        {self ? (
          <span className="inline-block size-9 align-middle" aria-hidden />
        ) : (
          <SetPasswordDialog user={user} onSaved={onNotice} />
        )}
        {user.is_active ? (
          <ConfirmDialog
            trigger={
              <Button variant="outline" size="sm" className="w-24" disabled={pending} aria-label={`Deactivate ${name}`}>
                Deactivate
              </Button>
            }
            title={`Deactivate ${name}?`}
            description={
              self
                ? "You will be signed out and cannot sign in again until another admin reactivates you."
                : "They can no longer sign in, and their API keys stop working. Their prompts stay; you can reactivate them later."
            }
            confirmLabel="Deactivate"
            destructive
            onConfirm={() => onUpdate(user, { is_active: false })}
          />
        ) : (
          <Button
            variant="outline"
            size="sm"
            className="w-24"
            disabled={pending}
            aria-label={`Activate ${name}`}
            onClick={() => void onUpdate(user, { is_active: true }).catch(() => {})}
          >
            Activate
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}

/**
 * Admins: every user, searchable and filtered by status and team, with role, team and sign-in
 * access editable in place, and name, email and password through dialogs.
 */
export function UsersSection({
  me,
  q,
  status,
  team,
  page,
  onChange,
}: {
  me: Me;
  q: string;
  status: string;
  team: string;
  page: number;
  onChange: (changes: {
    q?: string | null;
    status?: string | null;
    team?: string | null;
    page?: number | null;
  }) => void;
}) {
  const users = useUsers({
    q: q || undefined,
    is_active: isActiveFilter(status),
    team_id: team || undefined,
    page,
    page_size: PAGE_SIZE,
  });
  const filtered = Boolean(q || isActiveFilter(status) || team);
  // The names of the listed users' teams, by id.
  const teams = useTeamsById(users.data?.items.flatMap((user) => user.team_ids) ?? []);
  const teamList = [...teams.byId.values()];
  const update = useUpdateUser();
  const [notice, setNotice] = React.useState<string | null>(null);
  const setSearch = React.useCallback((text: string) => onChange({ q: text, page: null }), [onChange]);
  const showNotice = (text: string) => {
    update.reset();
    setNotice(text);
  };

  // Role and team changes are asked first and can be undone; they report through notices (toasts).
  const changes = useConfirmedUserChange({ update, teamNames: teams.byId, meId: me.id });
  const askChange = (
    user: User,
    change: UserChange,
    returnFocusTo: React.RefObject<HTMLElement | null>,
    teamName?: string,
  ) => {
    setNotice(null);
    changes.requestChange(user, change, returnFocusTo, teamName);
  };

  const onUpdate = (user: User, body: { is_active: boolean }) => {
    setNotice(null);
    const name = user.display_name || user.username;
    return update.mutateAsync(
      { userId: user.id, body },
      { onSuccess: () => setNotice(body.is_active ? `${name} is active again.` : `${name} is deactivated.`) },
    );
  };

  return (
    <Card className="min-w-0">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1.5">
          <CardTitle>Users</CardTitle>
          <CardDescription>
            Change roles, teams, names and passwords, or suspend sign-in. There is always at least one active admin.
          </CardDescription>
        </div>
        <CreateUserDialog defaultTeamId={me.team_id} />
      </CardHeader>
      <CardContent className="grid min-w-0 gap-4">
        <search className="flex flex-wrap items-start gap-2">
          <DebouncedSearchField
            aria-label="Search users"
            placeholder="Search username, name or email"
            value={q}
            onSearch={setSearch}
          />
          <Select
            aria-label="Filter users by status"
            className="w-40"
            value={isActiveFilter(status) ? status : ""}
            onChange={(event) => onChange({ status: event.target.value || null, page: null })}
          >
            {USER_STATUS_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </Select>
          <TeamChoice
            className="w-full sm:w-72"
            legend="Filter users by team"
            searchLabel="Find a team to filter users by"
            emptyLabel="Any team"
            value={team}
            onChange={(teamId) => onChange({ team: teamId || null, page: null })}
          />
        </search>
        {update.error ? <ErrorAlert error={update.error} title="The user was not changed" /> : null}
        {notice ? <Alert variant="success">{notice}</Alert> : null}
        {teams.error ? <ErrorAlert error={teams.error} title="Team names could not be loaded" /> : null}
        {users.isError ? (
          <ErrorAlert error={users.error} title="Users could not be loaded" onRetry={() => void users.refetch()} />
        ) : users.data && users.data.total === 0 ? (
          <EmptyState
            icon={filtered ? Search : Users}
            title={filtered ? "No users match" : "No users"}
            description={filtered ? "Try a different search or filter." : undefined}
            action={
              filtered ? (
                <Button variant="outline" onClick={() => onChange({ q: null, status: null, team: null, page: null })}>
                  Clear filters
                </Button>
              ) : undefined
            }
          />
        ) : (
          // min-w-0: a grid item otherwise grows to the table's width and widens the page on a phone.
          <div aria-busy={users.isFetching} className="min-w-0">
            <Table>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>User</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead>Teams</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {users.data
                  ? users.data.items.map((user) => (
                      <UserRow
                        key={user.id}
                        user={user}
                        me={me}
                        teams={teamList}
                        onUpdate={onUpdate}
                        onAskChange={askChange}
                        onNotice={showNotice}
                        pending={update.isPending && update.variables?.userId === user.id}
                      />
                    ))
                  : Array.from({ length: 4 }, (_, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
                      <TableRow key={index}>
                        <TableCell colSpan={5}>
                          <Skeleton className="h-8 w-full" />
                        </TableCell>
                      </TableRow>
                    ))}
              </TableBody>
            </Table>
            {users.data ? (
              <Pagination
                page={page}
                pageSize={PAGE_SIZE}
                total={users.data.total}
                noun="users"
                onPageChange={(next) => onChange({ page: next === 1 ? null : next })}
              />
            ) : null}
          </div>
        )}
      </CardContent>
      {changes.dialog}
    </Card>
  );
}
