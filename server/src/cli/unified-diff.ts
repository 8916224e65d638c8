// A unified diff of two texts by lines (Myers' O(ND) algorithm after trimming the common start
// and end), for `--fix-dry-run`. Lines keep their own endings, so a CRLF file diffs as CRLF.

export function unifiedDiff(oldName: string, newName: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const hunks: string[] = [];
  // Group the operations into hunks with `context` unchanged lines around each change.
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i].kind === ' ') i++;
    if (i >= ops.length) break;
    let start = i;
    let back = 0;
    while (start > 0 && ops[start - 1].kind === ' ' && back < context) {
      start--;
      back++;
    }
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end].kind !== ' ') end++;
      let same = 0;
      while (end + same < ops.length && ops[end + same].kind === ' ') same++;
      if (end + same < ops.length && same <= context * 2) {
        end += same;
        continue;
      }
      end += Math.min(same, context);
      break;
    }
    const slice = ops.slice(start, end);
    const oldStart = slice[0].a;
    const newStart = slice[0].b;
    const oldCount = slice.filter((o) => o.kind !== '+').length;
    const newCount = slice.filter((o) => o.kind !== '-').length;
    const header = `@@ -${oldCount ? oldStart + 1 : oldStart},${oldCount} +${newCount ? newStart + 1 : newStart},${newCount} @@\n`;
    hunks.push(header + slice.map((o) => `${o.kind}${o.text}${o.text.endsWith('\n') ? '' : '\n\\ No newline at end of file\n'}`).join(''));
    i = end;
  }
  return `--- ${oldName}\n+++ ${newName}\n${hunks.join('')}`;
}

interface Op {
  kind: ' ' | '-' | '+';
  text: string;
  /** Index of the line in the old (a) and new (b) text where this op stands. */
  a: number;
  b: number;
}

function splitLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [];
}

function diffLines(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let post = 0;
  while (post < a.length - pre && post < b.length - pre && a[a.length - 1 - post] === b[b.length - 1 - post]) post++;
  const midA = a.slice(pre, a.length - post);
  const midB = b.slice(pre, b.length - post);
  const ops: Op[] = [];
  for (let k = 0; k < pre; k++) ops.push({ kind: ' ', text: a[k], a: k, b: k });
  for (const op of myers(midA, midB)) ops.push({ ...op, a: op.a + pre, b: op.b + pre });
  for (let k = post; k > 0; k--) ops.push({ kind: ' ', text: a[a.length - k], a: a.length - k, b: b.length - k });
  return ops;
}

function myers(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = n === 0 && m === 0;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from the end to recover the edit script.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: ' ', text: a[x], a: x, b: y });
    }
    if (d === 0) break;
    if (x === prevX) {
      y--;
      ops.push({ kind: '+', text: b[y], a: x, b: y });
    } else {
      x--;
      ops.push({ kind: '-', text: a[x], a: x, b: y });
    }
  }
  return ops.reverse();
}
