import { DocsealError } from '../core/errors.js';
import { SETTINGS, type Config, type SettingName } from './settings.js';

/**
 * Validates the environment once, at start, into a frozen Config. An empty variable counts as unset,
 * so `PORT=` in a compose file falls back to the default instead of failing as "not a number".
 */
/**
 * Every seal's QR code carries the base URL for as long as the paper exists, so a wrong one cannot be
 * corrected later. Unset, it follows the port the service listens on (a local trial); in production it
 * must be given.
 */
function publicBaseUrlOf(given: string | undefined, port: number, env: NodeJS.ProcessEnv): Pick<Config, 'publicBaseUrl' | 'publicBaseUrlDerived'> {
  if (given !== undefined) return { publicBaseUrl: given, publicBaseUrlDerived: false };
  if (env.NODE_ENV === 'production') {
    const name = SETTINGS.publicBaseUrl.env;
    throw new DocsealError('config_invalid', `${name}: must be set when NODE_ENV=production (every QR code carries it for good)`, { setting: name });
  }
  return { publicBaseUrl: `http://localhost:${port}`, publicBaseUrlDerived: true };
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const setting = SETTINGS[name];
    const raw = env[setting.env];
    const parsed = setting.schema.safeParse(raw === '' ? undefined : raw);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((issue) => issue.message).join('; ');
      throw new DocsealError('config_invalid', `${setting.env}: ${reason}`, { setting: setting.env });
    }
    values[name] = parsed.data;
  }
  Object.assign(values, publicBaseUrlOf(values.publicBaseUrl as string | undefined, values.port as number, env));
  const config = values as Config;
  if (config.maxDecodedBytesInFlight !== undefined && config.maxDecodedBytesInFlight < config.maxDecodedBytes) {
    const env = SETTINGS.maxDecodedBytesInFlight.env;
    throw new DocsealError('config_invalid', `${env}: must be at least ${SETTINGS.maxDecodedBytes.env} (one verification's budget)`, { setting: env });
  }
  return Object.freeze(config);
}
