/** Memory of a benchmarked server process (Linux /proc). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Resident set size of a process and its children, MB (Linux /proc; 0 when unreadable). */
export function rssMb(pid: number): number {
  let children: string[] = [];
  try {
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split(/\s+/)
      .filter(Boolean);
  } catch {
    // ps exits 1 when the process has no children
  }
  let kb = 0;
  for (const p of [String(pid), ...children]) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      // the process ended meanwhile
    }
  }
  return Math.round(kb / 1024);
}
