/** The memory of a process and the processes it started, as the benchmarks report it. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Resident memory (RSS) of a process and all its descendants, in MB. */
export function treeRssMb(pid: number): number {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      pids.push(...execFileSync("pgrep", ["-P", String(pids[i])], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number));
    } catch {
      // no children
    }
  }
  let kb = 0;
  for (const p of pids) {
    try {
      kb += Number(readFileSync(`/proc/${p}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}
