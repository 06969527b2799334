import type { Config } from '../config/settings.js';
import { runningServicePid, servicePidFile } from '../storage/service-pid-file.js';

/**
 * After a department change, tells the service running on the same data dir to reload its departments
 * (SIGHUP), found by the pid file it writes there; otherwise says how the change takes effect.
 */
export function announceDepartmentChange(config: Config, out: NodeJS.WritableStream = process.stdout): void {
  const pid = runningServicePid(config.dataDir);
  if (pid !== undefined) {
    process.kill(pid, 'SIGHUP');
    out.write(`Sent SIGHUP to the running service (pid ${pid}): it reloads its departments now and logs what it loaded or skipped.\n`);
    return;
  }
  out.write(
    `No running service found (no live pid file ${servicePidFile(config.dataDir)}): the service loads the change when it starts. ` +
      'A service running with another data dir picks it up on SIGHUP: kill -HUP <pid>.\n',
  );
}
