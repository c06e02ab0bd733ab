import type { GrowthSeries } from "../measurements/growth";

/** Where a panel sits in the picture and what its axes span. */
interface Panel {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
  readonly yStep: number;
}

const WIDTH = 980;
const HEIGHT = 450;
const KIND_COLOUR = { up: "#1f5fa8", preview: "#c0392b" } as const;
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

/**
 * Renders the growth chart as SVG text: on the left the median time of `up` and `preview` against N, ours solid and
 * the floor dashed; on the right the marginal cost of each added resource over each step in N, which is flat when
 * time grows linearly.
 *
 * @param series - the four growth series (up and preview, ours and floor)
 * @param caption - one line under the title (machine, latency, runs)
 */
export function renderGrowthChart(series: readonly GrowthSeries[], caption: string): string {
  const sizes = [...new Set(series.flatMap((s) => s.points.map((p) => p.size)))].sort((a, b) => a - b);
  const seconds = series.flatMap((s) => s.points.map((p) => p.medianMs / 1000));
  const marginal = series.flatMap((s) => s.marginalMsPerResource.map((m) => m.ms));
  const timePanel: Panel = { left: 70, top: 95, width: 380, height: 290, xMax: niceCeiling(Math.max(1, ...sizes)), ...valueRange(seconds) };
  const steps = series[0]?.marginalMsPerResource.map((m) => `${m.from}→${m.to}`) ?? [];
  // Noise can make a small step's marginal cost negative; the axis then shows it rather than clipping it.
  const costPanel: Panel = { left: 570, top: 95, width: 380, height: 290, xMax: Math.max(1, steps.length), ...valueRange(marginal) };

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    text(WIDTH / 2, 26, "SynchronizationSecrets vs the engine floor: growth with N", { size: 17, anchor: "middle", weight: "bold" }),
    text(WIDTH / 2, 46, caption, { size: 12, anchor: "middle", colour: "#555555" }),
    ...axes(timePanel, "resources in the stack (N)", "median wall-clock time (s)"),
    ...sizes.map((size) => tick(timePanel, "x", size, String(size))),
    ...ticks(timePanel).map((value) => tick(timePanel, "y", value, formatTick(value))),
    ...axes(costPanel, "step in N", "ms per added resource"),
    ...steps.map((label, index) => tick(costPanel, "x", index + 0.5, label)),
    ...ticks(costPanel).map((value) => tick(costPanel, "y", value, formatTick(value))),
  ];
  for (const s of series) {
    const dashed = s.subject === "floor";
    parts.push(polyline(timePanel, s.points.map((p) => [p.size, p.medianMs / 1000]), KIND_COLOUR[s.kind], dashed));
    parts.push(polyline(costPanel, s.marginalMsPerResource.map((m, index) => [index + 0.5, m.ms]), KIND_COLOUR[s.kind], dashed));
  }
  parts.push(...legend(), "</svg>");
  return `${parts.join("\n")}\n`;
}

function axes(panel: Panel, xLabel: string, yLabel: string): string[] {
  const bottom = panel.top + panel.height;
  return [
    `<rect x="${panel.left}" y="${panel.top}" width="${panel.width}" height="${panel.height}" fill="none" stroke="#999999"/>`,
    text(panel.left + panel.width / 2, bottom + 42, xLabel, { size: 12, anchor: "middle" }),
    `<text x="${panel.left - 52}" y="${panel.top + panel.height / 2}" font-size="12" ${FONT} text-anchor="middle" transform="rotate(-90 ${panel.left - 52} ${panel.top + panel.height / 2})">${escape(yLabel)}</text>`,
  ];
}

function tick(panel: Panel, axis: "x" | "y", value: number, label: string): string {
  const [x, y] = point(panel, axis === "x" ? value : 0, axis === "y" ? value : panel.yMin);
  if (axis === "x") {
    return `<line x1="${x}" y1="${y}" x2="${x}" y2="${y + 5}" stroke="#999999"/>\n${text(x, y + 19, label, { size: 11, anchor: "middle" })}`;
  }
  return (
    `<line x1="${panel.left}" y1="${y}" x2="${panel.left + panel.width}" y2="${y}" stroke="#eeeeee"/>\n` +
    text(panel.left - 8, y + 4, label, { size: 11, anchor: "end" })
  );
}

function polyline(panel: Panel, values: ReadonlyArray<readonly [number, number]>, colour: string, dashed: boolean): string {
  const coordinates = values.map(([x, y]) => point(panel, x, y));
  const dash = dashed ? ' stroke-dasharray="7 5"' : "";
  const line = `<polyline points="${coordinates.map(([x, y]) => `${x},${y}`).join(" ")}" fill="none" stroke="${colour}" stroke-width="2.2"${dash}/>`;
  const dots = coordinates.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="3.5" fill="${dashed ? "#ffffff" : colour}" stroke="${colour}" stroke-width="1.5"/>`);
  return [line, ...dots].join("\n");
}

function legend(): string[] {
  const entries: Array<[string, string, boolean]> = [
    ["ours, up", KIND_COLOUR.up, false],
    ["floor, up", KIND_COLOUR.up, true],
    ["ours, preview", KIND_COLOUR.preview, false],
    ["floor, preview", KIND_COLOUR.preview, true],
  ];
  return entries.map(([label, colour, dashed], index) => {
    const x = 190 + index * 160;
    const dash = dashed ? ' stroke-dasharray="7 5"' : "";
    return `<line x1="${x}" y1="68" x2="${x + 34}" y2="68" stroke="${colour}" stroke-width="2.2"${dash}/>\n${text(x + 42, 72, label, { size: 12 })}`;
  });
}

function point(panel: Panel, x: number, y: number): [number, number] {
  const fraction = (y - panel.yMin) / (panel.yMax - panel.yMin);
  return [round(panel.left + (x / panel.xMax) * panel.width), round(panel.top + panel.height - fraction * panel.height)];
}

function text(x: number, y: number, content: string, style: { size: number; anchor?: "start" | "middle" | "end"; weight?: string; colour?: string }): string {
  const weight = style.weight === undefined ? "" : ` font-weight="${style.weight}"`;
  return `<text x="${x}" y="${y}" font-size="${style.size}" ${FONT} text-anchor="${style.anchor ?? "start"}" fill="${style.colour ?? "#222222"}"${weight}>${escape(content)}</text>`;
}

/** The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least `value`: an axis end a reader can divide. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((factor) => factor * power >= value) ?? 10;
  return step * power;
}

/** An axis from 0 (or below, for negative values) past the largest value, in about five round steps. */
function valueRange(values: readonly number[]): { yMin: number; yMax: number; yStep: number } {
  const lowest = Math.min(0, ...values);
  const highest = Math.max(0.001, ...values);
  const yStep = niceCeiling((highest - lowest) / 5);
  return { yMin: Math.floor(lowest / yStep) * yStep, yMax: Math.ceil(highest / yStep) * yStep, yStep };
}

function ticks(panel: Panel): number[] {
  const count = Math.round((panel.yMax - panel.yMin) / panel.yStep);
  return Array.from({ length: count + 1 }, (_, index) => panel.yMin + panel.yStep * index);
}

function formatTick(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function escape(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
