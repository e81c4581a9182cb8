import { Client, Events, GatewayIntentBits } from 'discord.js';

/**
 * The floor: a bare discord.js client that answers every interaction at once with a small embed (and
 * every autocomplete with one choice). Same library, same stand-in, same machine as Lectern in
 * `npm run bench -- e2e`, so the difference between the two is what Lectern itself costs.
 */
const token = process.env.DISCORD_TOKEN;
const api = process.env.DISCORD_API_URL;
if (!token || !api) throw new Error('bare-bot needs DISCORD_TOKEN and DISCORD_API_URL');

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  allowedMentions: { parse: [] },
  rest: { api },
});
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isAutocomplete()) {
    void interaction.respond([{ name: 'ok', value: 'ok' }]).catch(() => undefined);
  } else if (interaction.isRepliable()) {
    void interaction
      .reply({
        embeds: [{ title: interaction.isCommand() ? interaction.commandName : 'ok', description: 'ok' }],
      })
      .catch(() => undefined);
  }
});
process.on('SIGTERM', () => {
  void client.destroy().then(() => process.exit(0));
});
await client.login(token);
