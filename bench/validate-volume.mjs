// `rollcall validate --format json` on one Twilio Video page of N participants that each miss their
// fields (the hostile volume): wall time, peak memory (max RSS of the child process), output
// size and validity, at 1,000 / 10,000 / 100,000 / 1,000,000 items. Each size runs in its own process.
// Usage: node bench/validate-volume.mjs [N ...]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'rollcall.js');

/** A page of `count` participants with only a sid each: every other documented field is missing. */
export function brokenPage(count) {
  const hex = (i) => i.toString(16).padStart(32, '0');
  const room = 'RM' + hex(1);
  const url = `https://video.twilio.com/v1/Rooms/${room}/Participants?PageSize=${count}&Page=0`;
  const parts = new Array(count);
  for (let i = 0; i < count; i++) parts[i] = `{"sid":"PA${hex(i)}"}`;
  return `{"participants":[${parts.join(',')}],"meta":{"page":0,"page_size":${count},"first_page_url":"${url}","previous_page_url":null,"url":"${url}","next_page_url":null,"key":"participants"}}`;
}

/** Runs the CLI under /usr/bin/time when present (CPU time, max RSS); else samples the child's RSS from /proc. */
function runValidate(file) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    // /usr/bin/time gives the child's CPU time: on a shared machine wall time mostly measures the other load.
    const args = [BIN, 'validate', '--operation', 'twilio-video.listRoomParticipants', '--format', 'json', file];
    const timed = fs.existsSync('/usr/bin/time');
    const child = timed
      ? spawn('/usr/bin/time', ['-f', 'rollcall-bench-cpu %U %S %M', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let peakKb = 0;
    const sample = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // The process has ended.
      }
    }, 50);
    const chunks = [];
    let stderr = '';
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => {
      clearInterval(sample);
      const out = Buffer.concat(chunks);
      let valid = false;
      let totals;
      try {
        const parsed = JSON.parse(out.toString('utf8'));
        valid = true;
        totals = parsed.totals;
      } catch {
        valid = false;
      }
      const cpu = /rollcall-bench-cpu ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      if (cpu) peakKb = Math.max(peakKb, Number(cpu[3]));
      resolve({ code, seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined, peakMb: peakKb / 1024, outputBytes: out.length, valid, totals, stderr: stderr.replace(/rollcall-bench-cpu.*\n?/, '').slice(0, 300) });
    });
  });
}

export async function benchValidateVolume(sizes = [1_000, 10_000, 100_000, 1_000_000]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-bench-volume-'));
  const rows = [];
  try {
    for (const n of sizes) {
      const file = path.join(dir, `page-${n}.json`);
      fs.writeFileSync(file, brokenPage(n));
      const inputBytes = fs.statSync(file).size;
      const r = await runValidate(file);
      rows.push({ items: n, inputBytes, exitCode: r.code, seconds: Number(r.seconds.toFixed(2)), cpuSeconds: r.cpuSeconds, peakMb: Math.round(r.peakMb), outputBytes: r.outputBytes, validJson: r.valid, violations: r.totals?.violations, problems: r.totals?.problems, ...(r.code === 2 ? { stderr: r.stderr } : {}) });
      fs.rmSync(file);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  for (const r of await benchValidateVolume(sizes.length ? sizes : undefined)) {
    console.log(`${String(r.items).padStart(9)} items (${(r.inputBytes / 1e6).toFixed(1)} MB): exit ${r.exitCode}, ${r.seconds} s wall, ${r.cpuSeconds ?? '?'} s CPU, peak ${r.peakMb} MB, output ${(r.outputBytes / 1024).toFixed(0)} kB, valid JSON ${r.validJson}, ${r.violations} violations in ${r.problems} problems`);
    console.log(JSON.stringify({ bench: 'validate-volume', ...r }));
  }
}
