import { commandDefinitions } from '../src/commands/index.js';
import { ConfigError, loadConfig, loadDotEnv } from '../src/config.js';
import { deployCommands } from '../src/discord/deploy.js';

loadDotEnv();
try {
  const config = loadConfig();
  if (!config.discordToken) {
    console.error(
      'DISCORD_TOKEN is not set. Put it in .env (see .env.example), then run npm run deploy again.',
    );
    process.exit(1);
  }
  const result = await deployCommands({
    token: config.discordToken,
    apiUrl: config.discordApiUrl,
    applicationId: config.discordClientId,
    guildId: config.discordGuildId,
    definitions: commandDefinitions(),
  });
  const where =
    result.scope === 'guild'
      ? `guild ${config.discordGuildId}`
      : 'all servers (global; may take up to an hour to appear)';
  console.log(
    `Registered ${result.registered.length} commands for application ${result.applicationId} in ${where}:`,
  );
  for (const command of result.registered) {
    console.log(`  ${command.type === 1 ? '/' : '(message menu) '}${command.name}`);
  }
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(`Deploy failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
