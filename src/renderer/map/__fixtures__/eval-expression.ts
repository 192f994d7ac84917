/**
 * A tiny evaluator for the handful of MapLibre expression operators the choropleth uses, so tests
 * can check what colour a feature actually gets rather than the expression's shape.
 */
type Value = string | number | boolean | null | Value[];

export function evaluate(expr: unknown, props: Record<string, unknown>): Value {
  if (!Array.isArray(expr)) return expr as Value;
  const [op, ...args] = expr as [string, ...unknown[]];
  const ev = (e: unknown): Value => evaluate(e, props);
  switch (op) {
    case 'literal':
      return args[0] as Value;
    case 'get':
      return (props[args[0] as string] ?? null) as Value;
    case 'coalesce': {
      for (const a of args) {
        const v = ev(a);
        if (v !== null) return v;
      }
      return null;
    }
    case 'to-number': {
      for (const a of args) {
        const v = ev(a);
        if (typeof v === 'number') return v;
      }
      return 0;
    }
    case '==':
      return ev(args[0]) === ev(args[1]);
    case 'all':
      return args.every((a) => ev(a) === true);
    case 'in':
      return (ev(args[1]) as Value[]).includes(ev(args[0]));
    case 'case': {
      for (let i = 0; i + 1 < args.length; i += 2) if (ev(args[i]) === true) return ev(args[i + 1]);
      return ev(args[args.length - 1]);
    }
    case 'match': {
      const input = ev(args[0]);
      for (let i = 1; i + 1 < args.length; i += 2) {
        const label = args[i];
        if (Array.isArray(label) ? label.includes(input) : label === input) return ev(args[i + 1]);
      }
      return ev(args[args.length - 1]);
    }
    case 'step': {
      const input = ev(args[0]) as number;
      let out = ev(args[1]);
      for (let i = 2; i + 1 < args.length; i += 2) {
        if (input >= (args[i] as number)) out = ev(args[i + 1]);
      }
      return out;
    }
    default:
      throw new Error(`eval-expression: unsupported operator ${op}`);
  }
}
