import { REST, type RESTPostAPIApplicationCommandsJSONBody, Routes } from 'discord.js';
import { z } from 'zod';

export interface DeployOptions {
  token: string;
  apiUrl?: string | undefined;
  applicationId?: string | undefined;
  /** Guild-scoped commands update at once; global ones are for production. */
  guildId?: string | undefined;
  definitions: readonly RESTPostAPIApplicationCommandsJSONBody[];
}

export interface DeployResult {
  scope: 'guild' | 'global';
  applicationId: string;
  registered: Array<{ name: string; type: number; id: string }>;
}

// Only what deploy reports is read from Discord's answers, and read through a schema rather than trusted.
const applicationSchema = z.object({ id: z.string() });
const registeredSchema = z.array(z.object({ id: z.string(), name: z.string(), type: z.number() }));

/** Registers every command with one bulk overwrite, so commands removed from the registry disappear too. */
export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const applicationId =
    options.applicationId ?? applicationSchema.parse(await rest.get(Routes.currentApplication())).id;
  const route = options.guildId
    ? Routes.applicationGuildCommands(applicationId, options.guildId)
    : Routes.applicationCommands(applicationId);
  const registered = registeredSchema.parse(await rest.put(route, { body: options.definitions }));
  return {
    scope: options.guildId ? 'guild' : 'global',
    applicationId,
    registered: registered.map(({ name, type, id }) => ({ name, type, id })),
  };
}
