import { DocsealError } from '../core/errors.js';
import { SETTINGS, type Config, type SettingName } from './settings.js';

/**
 * Validates the environment once, at start, into a frozen Config. An empty variable counts as unset,
 * so `PORT=` in a compose file falls back to the default instead of failing as "not a number".
 */
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
  const config = values as Config;
  if (config.maxDecodedBytesInFlight !== undefined && config.maxDecodedBytesInFlight < config.maxDecodedBytes) {
    const env = SETTINGS.maxDecodedBytesInFlight.env;
    throw new DocsealError('config_invalid', `${env}: must be at least ${SETTINGS.maxDecodedBytes.env} (one verification's budget)`, { setting: env });
  }
  return Object.freeze(config);
}
