/**
 * Where a V8 CPU profile (.cpuprofile) spent its time: self time by function and by the package
 * or layer it belongs to. Usable on its own: `npx tsx bench/profile-summary.ts file.cpuprofile`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface HotSpot {
  readonly name: string;
  readonly sharePct: number;
}

export interface ProfileSummary {
  readonly seconds: number;
  /** Share of samples not idle. */
  readonly busyPct: number;
  readonly byLayer: HotSpot[];
  readonly topFunctions: HotSpot[];
}

/** The package or layer a frame belongs to, from its script URL. */
export function layerOf(url: string, functionName: string): string {
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return '(program: V8/native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.includes('/libs/domain/')) return 'domain (libs/domain)';
  if (url.includes('/settlement-service/src/inbound/')) return 'service: message decoding';
  if (url.includes('/settlement-service/src/application/')) return 'service: settlement';
  if (url.includes('/settlement-service/src/store/')) return 'service: store';
  if (url.includes('/apps/settlement-service/')) return 'service: other';
  if (url.startsWith('node:')) return 'node core';
  if (url === '') return 'V8 built-ins (JSON, RegExp, Buffer, I/O)';
  return 'other';
}

export function summarizeProfile(profile: CpuProfile, top = 20): ProfileSummary {
  const hits = new Map<number, number>();
  if (profile.samples?.length) for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  else for (const n of profile.nodes) hits.set(n.id, n.hitCount ?? 0);
  let total = 0;
  let idle = 0;
  const byLayer = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const n of profile.nodes) {
    const h = hits.get(n.id) ?? 0;
    if (!h) continue;
    total += h;
    const { functionName, url, lineNumber } = n.callFrame;
    const layer = layerOf(url, functionName);
    if (layer === '(idle)') idle += h;
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + h);
    const short = url ? url.replace(/^.*node_modules\//, '').replace(/^.*\/(apps|libs)\//, '$1/') : '';
    const key = `${functionName || '(anonymous)'}${short ? ` ${short}:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + h);
  }
  const busy = total - idle;
  const share = (h: number, of: number) => (of > 0 ? Math.round((h / of) * 1000) / 10 : 0);
  const rank = (m: Map<string, number>, of: number, skip: (k: string) => boolean) =>
    [...m]
      .filter(([k]) => !skip(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, h]) => ({ name, sharePct: share(h, of) }));
  return {
    seconds: (profile.endTime - profile.startTime) / 1e6,
    busyPct: share(busy, total),
    // Shares of the busy time: what the CPU did when it did something.
    byLayer: rank(byLayer, busy, (k) => k === '(idle)'),
    topFunctions: rank(byFunction, busy, (k) => k.startsWith('(idle)')),
  };
}

export function renderProfileSummary(s: ProfileSummary): string {
  const lines = [`CPU profile: ${Math.round(s.seconds)} s, busy ${s.busyPct}% of samples; shares of busy time:`];
  lines.push('  by layer:');
  for (const h of s.byLayer) lines.push(`    ${String(h.sharePct).padStart(5)}%  ${h.name}`);
  lines.push('  hottest functions (self time):');
  for (const h of s.topFunctions) lines.push(`    ${String(h.sharePct).padStart(5)}%  ${h.name}`);
  return lines.join('\n');
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile>');
    process.exit(2);
  }
  console.log(renderProfileSummary(summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, 30)));
}
