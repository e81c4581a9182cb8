import { REST, type RESTPutAPIApplicationCommandsResult, Routes } from 'discord.js';

export interface DeployOptions {
  token: string;
  apiUrl?: string | undefined;
  applicationId?: string | undefined;
  /** Guild-scoped commands update at once; global ones are for production. */
  guildId?: string | undefined;
  definitions: readonly unknown[];
}

export interface DeployResult {
  scope: 'guild' | 'global';
  applicationId: string;
  registered: Array<{ name: string; type: number; id: string }>;
}

/** Registers every command with one bulk overwrite, so commands removed from the registry disappear too. */
export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const applicationId =
    options.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const route = options.guildId
    ? Routes.applicationGuildCommands(applicationId, options.guildId)
    : Routes.applicationCommands(applicationId);
  const result = (await rest.put(route, {
    body: options.definitions,
  })) as RESTPutAPIApplicationCommandsResult;
  return {
    scope: options.guildId ? 'guild' : 'global',
    applicationId,
    registered: result.map((command) => ({ name: command.name, type: command.type, id: command.id })),
  };
}
