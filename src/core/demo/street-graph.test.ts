import { booleanPointInPolygon } from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import type { District, GridUnit } from '../model';
import { generateDemoDistrict } from './district';
import { toLngLat, toXy } from './plane';
import { pathTo, pathTree, WALK_INSET_M, walkGraph, walkSubgraph, type WalkGraph } from './street-graph';

let district: District;
let graph: WalkGraph;
let byCode: Map<string, GridUnit>;
beforeAll(() => {
  district = generateDemoDistrict();
  graph = walkGraph(district);
  byCode = new Map(district.grids.map((g) => [g.code, g]));
});

const len = (g: WalkGraph, a: number, b: number): number => Math.hypot(g.x[b] - g.x[a], g.y[b] - g.y[a]);

describe('walkGraph', () => {
  it('is built once per district and has a node for every entrance', () => {
    expect(walkGraph(district)).toBe(graph);
    const entrances = [...graph.entrances.values()].flat();
    expect(entrances.length).toBe(district.buildings.reduce((n, b) => n + b.entrances.length, 0));
    for (const e of entrances.slice(0, 50)) {
      const b = district.buildings.find((x) => x.id === e.buildingId)!;
      const at = toXy(graph.frame, b.entrances[e.no - 1].location);
      expect(Math.hypot(at.x - graph.x[e.node], at.y - graph.y[e.node])).toBeLessThan(0.01);
    }
  });

  it('keeps every node inside its own level-3 grid, the boundary street walked on its own side', () => {
    const outside: string[] = [];
    for (let n = 0; n < graph.x.length; n++) {
      const p = toLngLat(graph.frame, { x: graph.x[n], y: graph.y[n] });
      if (!booleanPointInPolygon(p, byCode.get(graph.gridOf[n])!.geometry)) outside.push(`${graph.gridOf[n]} #${n}`);
    }
    expect(outside).toEqual([]);
  });

  it('crosses the street between neighbours and joins each entrance by a short spur', () => {
    const crossings = graph.edges.filter((e) => e.kind === 'crossing');
    expect(crossings.length).toBeGreaterThan(50);
    for (const e of crossings) {
      expect(graph.gridOf[e.a]).not.toBe(graph.gridOf[e.b]);
      // Straight across: twice the inset, more at a corner's mitre.
      expect(len(graph, e.a, e.b)).toBeLessThan(8 * WALK_INSET_M + 0.1);
    }
    const spurs = graph.edges.filter((e) => e.kind === 'spur');
    expect(spurs).toHaveLength([...graph.entrances.values()].flat().length);
    const lengths = spurs.map((e) => len(graph, e.a, e.b)).sort((a, b) => a - b);
    expect(lengths[Math.floor(lengths.length / 2)]).toBeLessThan(25);
    for (const e of graph.edges) expect(graph.gridOf[e.a] === graph.gridOf[e.b] || e.kind === 'crossing').toBe(true);
    expect(graph.neighbours.get('ZY-03-01-01' as never)?.length).toBeGreaterThan(0);
  });

  it('connects every entrance of a grid with every other, along paths no shorter than the straight line', () => {
    for (const [grid, list] of graph.entrances) {
      const sub = walkSubgraph(graph, [grid]);
      const tree = pathTree(sub, sub.local[list[0].node]);
      for (const e of list) {
        const d = tree.dist[sub.local[e.node]];
        expect(Number.isFinite(d), `${grid} ${e.buildingId}`).toBe(true);
        expect(d + 1e-6).toBeGreaterThanOrEqual(len(graph, list[0].node, e.node));
        const path = pathTo(sub, tree, sub.local[e.node]);
        expect(path[0]).toBe(list[0].node);
        expect(path[path.length - 1]).toBe(e.node);
        let sum = 0;
        for (let i = 1; i < path.length; i++) sum += len(graph, path[i - 1], path[i]);
        expect(sum).toBeCloseTo(d, 6);
      }
    }
  });
});
