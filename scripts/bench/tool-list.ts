import type { BenchTool } from './tool.js';

export type ToolEntry = {
  readonly id: string;
  readonly label: string;
  /** Imported only in the child that runs it, so no child carries another tool's modules in its RSS. */
  readonly load: () => Promise<BenchTool>;
};

/** Every contender, in table order. */
export const TOOLS: readonly ToolEntry[] = [
  { id: 'docseal', label: 'docseal', load: async () => (await import('./docseal-tool.js')).docsealTool },
  {
    id: 'docseal-hash',
    label: 'docseal incl. hashing upload',
    load: async () => (await import('./docseal-tool.js')).docsealWithHashTool,
  },
  { id: 'signpdf', label: '@signpdf/signpdf', load: async () => (await import('./signpdf-tool.js')).signpdfTool },
  { id: 'libpdf', label: '@libpdf/core', load: async () => (await import('./libpdf-tool.js')).libpdfTool },
  { id: 'sha256', label: 'SHA-256 one pass', load: async () => (await import('./sha256-tool.js')).sha256Tool },
];
