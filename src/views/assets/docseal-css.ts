/** /static/docseal.css: served as a file so the Content-Security-Policy can forbid inline styles. */
export const DOCSEAL_CSS = `
:root { color-scheme: light; --ok: #17603a; --bad: #a3121f; --warn: #8a5a00; --line: #d9d9de; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, "PingFang SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; color: #1b1b1f; background: #f6f6f8; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; background: #fff; min-height: 100vh; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
.en { color: #55555f; }
dl { display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; gap: .35rem 1rem; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
code.hash { font-size: .85rem; word-break: break-all; }
code, a, .from-file, .where, li, td, p { overflow-wrap: anywhere; }
.verdict { font-size: 1.2rem; font-weight: 700; padding: .6rem .9rem; border-radius: .4rem; border: 2px solid currentColor; }
.verdict-valid { color: var(--ok); }
.verdict-valid-untrusted, .verdict-unsigned { color: var(--warn); }
.verdict-modified, .verdict-invalid, .verdict-revoked { color: var(--bad); }
table.checks { border-collapse: collapse; width: 100%; font-size: .9rem; margin-top: .5rem; }
table.checks th, table.checks td { text-align: left; border-bottom: 1px solid var(--line); padding: .25rem .4rem; vertical-align: top; }
tr.check-failed td { color: var(--bad); }
code.code { font-size: .75rem; color: #77777f; }
.verdict-explanation { margin: .6rem 0 1rem; }
ul.findings li { margin-bottom: .4rem; }
.where { font-size: .85rem; }
.from-file { font-style: italic; }
.legend { margin-top: 2rem; font-size: .85rem; color: #55555f; }
tr.check-warning td { color: var(--warn); }
.drop { margin-top: 2rem; padding: 1.25rem; border: 2px dashed var(--line); border-radius: .5rem; }
.drop.drag-over { border-color: var(--ok); background: #eef7f1; }
.drop-result { font-weight: 600; min-height: 1.5em; }
.drop-result.match { color: var(--ok); }
.drop-result.mismatch { color: var(--bad); }
a.download { font-weight: 600; }
.proof { margin: 1rem 0 1.5rem; padding: .75rem 1rem; border-left: 4px solid var(--warn); background: #fbf7ee; }
.proof p { margin: .5rem 0; }
.not-proven { font-weight: 600; }
.preview figure { margin: .75rem 0 0; }
.preview img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); box-shadow: 0 1px 4px rgba(0, 0, 0, .12); }
.preview-note { font-size: .9rem; }
footer { text-align: center; color: #88888f; font-size: .8rem; padding: 1rem; }
/* A phone (390 px and less): one column; each check's row becomes a block of its own. */
@media (max-width: 36rem) {
  main { padding: 1rem .75rem 2rem; }
  dl { grid-template-columns: 1fr; }
  dd { margin-bottom: .35rem; }
  table.checks, table.checks tbody, table.checks tr, table.checks td { display: block; width: 100%; }
  table.checks thead { display: none; }
  table.checks tr { border-bottom: 1px solid var(--line); padding: .4rem 0; }
  table.checks td { border: 0; padding: .1rem 0; }
  table.checks td:first-child { font-weight: 600; }
}
`;
