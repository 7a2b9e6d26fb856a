// Emotion curve the learner draws by dragging points (lecture 04).
//
// One column per touchpoint, stage bands behind, one line per series (curve).
// Points of editable series are sliders: drag them with a mouse, pen or finger
// (pointer events), or focus one and use the arrow keys. The drawing updates
// locally at once; values go to the kernel throttled (at most every `sync_ms`
// ms while dragging, and once more when the pointer is released).
//
// The peak / valley / end / most-intense marks and the remembered and average
// scores are computed in Python (cxwidgets.journey.peak_end) and arrive in the
// `marks` trait: this file only draws them. All visible text comes from the
// `texts` trait (translated in Python); the scale, drag step, number format, tag
// colours and label-wrapping rules come from the `config` trait
// (cxwidgets.journey_style.browser_config).

const NS = "http://www.w3.org/2000/svg";
// Pixel layout: the SVG is drawn 1:1, so text keeps its size on any screen; the
// columns share the available width (and scroll sideways below `minColumn`: with the
// course's 1366 px layout about 19 touchpoints fit). Nothing is drawn right of the last
// column's half plus `right`: a badge or readout that would be flips to the left side.
const LAYOUT = {
  left: 46,
  right: 22,
  minColumn: 46,
  maxColumn: 150,
  legendRow: 22,
  bandHeader: 30,
  plotGap: 30,
  plotHeight: 280,
  labelGap: 40,
  labelLine: 15,
  bottom: 10,
  labelUnitPx: 6.3, // px per wrapping unit of a touchpoint label (12.5 px text)
  bandUnitPx: 7.2, // px per wrapping unit of a stage name (14 px bold)
  badgeUnitPx: 6.8, // px per unit of a mark badge's text
  badgeGap: 16, // from a point's centre to a badge drawn beside it
};

// ---------------------------------------------------------------------------
// Pure helpers, exported for tests. The rules (scale, step, number format, wrapping)
// are defined once in Python (cxwidgets/journey_style.py) and arrive in the `config`
// trait; tests/unit/test_journey_style.py runs these under Node against Python.
// ---------------------------------------------------------------------------

// |value| rounded to `decimals` places as Python rounds (correctly, an exact half to even),
// read off the exact decimal expansion of the double.
function roundedText(abs, decimals) {
  if (abs >= 1e21) return String(abs);
  const [whole, fraction] = abs.toFixed(100).split(".");
  let kept = whole + fraction.slice(0, decimals);
  const rest = fraction.slice(decimals);
  const half = "5".padEnd(rest.length, "0");
  const odd = Number(kept[kept.length - 1]) % 2 === 1;
  if (rest > half || (rest === half && odd)) {
    kept = (BigInt(kept) + 1n).toString().padStart(kept.length, "0");
  }
  if (!decimals) return kept;
  return `${kept.slice(0, kept.length - decimals)}.${kept.slice(kept.length - decimals)}`;
}

// An emotion value as text, following `spec` (config.number) exactly as Python's
// cxwidgets.fmt.signed (signed) or cxwidgets.fmt.number (unsigned) writes it.
export function formatNumber(value, spec, signed = true, decimals = spec.decimals) {
  if (typeof value !== "number" || !Number.isFinite(value)) return spec.missing;
  const text = roundedText(Math.abs(value), decimals);
  const negative = value < 0 || Object.is(value, -0);
  if (!signed) return negative ? `${spec.minus}${text}` : text;
  if (/^[0.]*$/.test(text)) return text;
  return `${negative ? spec.minus : spec.plus}${text}`;
}

// Where a drag or an arrow key lands: the nearest `config.step` (halves go up), clipped.
export function snapValue(value, config) {
  const snapped = Math.floor(value / config.step + 0.5) * config.step;
  return Math.min(config.max, Math.max(config.min, snapped));
}

const RULES = new WeakMap();
function rules(wrap) {
  let found = RULES.get(wrap);
  if (!found) {
    const { cjk, space } = wrap;
    found = {
      cjk: new RegExp(`^[${cjk}]$`, "u"),
      tokens: new RegExp(`[${space}]+|[${cjk}]|[^${space}${cjk}]+`, "gu"),
      space: new RegExp(`^[${space}]+$`, "u"),
      edges: new RegExp(`^[${space}]+|[${space}]+$`, "gu"),
    };
    RULES.set(wrap, found);
  }
  return found;
}

// Width of a text in units (config.wrap.cjk_units per CJK character, 1 otherwise).
export function textUnits(text, wrap) {
  const { cjk } = rules(wrap);
  let units = 0;
  for (const ch of String(text)) units += cjk.test(ch) ? wrap.cjk_units : 1;
  return units;
}

// Split a label into at most `maxLines` lines of `maxUnits` units, with an ellipsis if cut.
// Chinese breaks between any two characters, other scripts between words (a word longer
// than a line is cut). Lengths count code points, as Python does.
export function wrapLabel(text, maxUnits, maxLines, wrap) {
  const { tokens, space, edges } = rules(wrap);
  const strip = (value) => value.replace(edges, "");
  const chars = (value) => Array.from(value);
  const lines = [];
  let line = "";
  for (const token of String(text).match(tokens) || []) {
    if (space.test(token)) {
      if (line) line += " ";
      continue;
    }
    let rest = token;
    while (rest && textUnits(line + rest, wrap) > maxUnits) {
      if (strip(line)) {
        lines.push(strip(line));
        line = "";
        continue;
      }
      let piece = "";
      for (const ch of rest) {
        if (textUnits(piece + ch, wrap) > maxUnits) break;
        piece += ch;
      }
      if (!piece) piece = chars(rest)[0];
      lines.push(piece);
      rest = chars(rest).slice(chars(piece).length).join("");
    }
    line += rest;
  }
  if (strip(line)) lines.push(strip(line));
  if (lines.length <= maxLines) return lines;
  const shown = lines.slice(0, maxLines);
  const last = chars(shown[maxLines - 1]);
  shown[maxLines - 1] = `${last.slice(0, Math.max(1, last.length - 1)).join("")}${wrap.ellipsis}`;
  return shown;
}

function svgEl(name, attrs = {}, parent = null) {
  const node = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (parent) parent.append(node);
  return node;
}

function fill(template, params) {
  return String(template || "").replace(/\{(\w+)\}/g, (_m, key) =>
    params[key] === undefined ? `{${key}}` : String(params[key]),
  );
}

function copyValues(values) {
  return (values || []).map((row) =>
    (row || []).map((v) => (v === null || v === undefined ? null : Number(v))),
  );
}

export default {
  render({ model, el }) {
    const root = document.createElement("div");
    root.className = "cx-ec";
    const scroller = document.createElement("div");
    scroller.className = "cx-ec-scroll";
    root.append(scroller);
    el.append(root);

    let local = copyValues(model.get("values"));
    let drag = null; // {s, i, pointerId, g}
    let timer = null;
    let lastSync = 0;
    let svg = null;
    let parts = null; // live elements, rebuilt with the structure
    let geo = null; // geometry of the current build
    let builtWidth = 0;

    const labels = () => model.get("labels") || [];
    const n = () => labels().length;
    const texts = () => model.get("texts") || {};
    const series = () => model.get("series") || [];
    // Scale, step, number format, tag colours and wrapping rules: all from Python.
    const config = () => model.get("config");
    const lo = () => config().min;
    const hi = () => config().max;
    const step = () => config().step;
    const snap = (v) => snapValue(v, config());
    const fmt = (v) => formatNumber(v, config().number);
    const units = (text) => textUnits(text, config().wrap);
    const wrapText = (text, maxUnits, maxLines) => wrapLabel(text, maxUnits, maxLines, config().wrap);
    const labelLines = () => config().wrap.label_lines;
    const x = (i) => LAYOUT.left + geo.column * (i + 0.5);
    const y = (v) => geo.plotTop + ((hi() - v) / (hi() - lo())) * LAYOUT.plotHeight;
    const valueAt = (svgY) => hi() - ((svgY - geo.plotTop) / LAYOUT.plotHeight) * (hi() - lo());
    const badgeWidth = (text) => 12 + units(text) * LAYOUT.badgeUnitPx;
    const isSet = (v) => v !== null && v !== undefined;

    // ------------------------------------------------------------ syncing
    const flush = () => {
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      lastSync = Date.now();
      model.set("values", copyValues(local));
      model.save_changes();
    };
    const scheduleSync = () => {
      const wait = Math.max(0, Number(model.get("sync_ms")) - (Date.now() - lastSync));
      if (wait === 0) flush();
      else if (timer === null) timer = setTimeout(flush, wait);
    };

    // ------------------------------------------------------------ geometry
    const legendLayout = (width) => {
      const t = texts();
      const sample = fill(t.legend_scores, { remembered: fmt(-4.5), average: fmt(-4.5) });
      const items = [];
      let lx = LAYOUT.left;
      let row = 0;
      series().forEach((info) => {
        const w = 34 + (units(info.name) + units(sample) + 2) * 6.8;
        if (lx + w > width && lx > LAYOUT.left) {
          row += 1;
          lx = LAYOUT.left;
        }
        items.push({ x: lx, row });
        lx += w + 18;
      });
      const keyWidth = 30 + units(t.intense || "") * 6.8;
      if (lx + keyWidth > width && lx > LAYOUT.left) {
        row += 1;
        lx = LAYOUT.left;
      }
      const key = { x: lx, row };
      return { items, key, rows: series().length ? row + 1 : 0 };
    };

    const computeGeometry = () => {
      const available = scroller.clientWidth || root.clientWidth || 900;
      const count = Math.max(1, n());
      const column = Math.min(
        LAYOUT.maxColumn,
        Math.max(LAYOUT.minColumn, (available - LAYOUT.left - LAYOUT.right) / count),
      );
      const width = LAYOUT.left + LAYOUT.right + count * column;
      const legend = legendLayout(width);
      const legendTop = 4;
      const bandTop = legendTop + legend.rows * LAYOUT.legendRow + 8;
      const plotTop = bandTop + LAYOUT.bandHeader + LAYOUT.plotGap;
      const plotBottom = plotTop + LAYOUT.plotHeight;
      const labelY = plotBottom + LAYOUT.labelGap;
      const tagY = labelY + (labelLines() - 1) * LAYOUT.labelLine + 20;
      return {
        available, column, width, legend, legendTop, bandTop, plotTop, plotBottom, labelY, tagY,
        height: tagY + LAYOUT.bottom,
      };
    };

    // ------------------------------------------------------------ building
    const build = () => {
      const active = document.activeElement;
      const focused = active && root.contains(active) && active.dataset
        ? { s: active.dataset.series, i: active.dataset.index }
        : null;
      scroller.replaceChildren();
      geo = computeGeometry();
      builtWidth = geo.available;
      const t = texts();
      const W = geo.width;
      svg = svgEl("svg", {
        width: W,
        height: geo.height,
        viewBox: `0 0 ${W} ${geo.height}`,
        class: "cx-ec-svg",
        role: "group",
        "aria-label": t.chart || "",
      });
      scroller.append(svg);
      const plotRight = LAYOUT.left + n() * geo.column;

      // Stage bands.
      const bandLayer = svgEl("g", { class: "cx-ec-bands" }, svg);
      (model.get("bands") || []).forEach((band, b) => {
        const start = Math.max(0, band.start);
        const end = Math.min(n(), band.end);
        if (end <= start) return;
        const x0 = LAYOUT.left + start * geo.column;
        const w = (end - start) * geo.column;
        svgEl("rect", {
          x: x0, y: geo.bandTop, width: w, height: geo.tagY + 8 - geo.bandTop,
          class: `cx-ec-band cx-ec-band-${b % 2 ? "odd" : "even"}`,
        }, bandLayer);
        const label = svgEl("text", {
          x: x0 + w / 2, y: geo.bandTop + 20, "text-anchor": "middle", class: "cx-ec-band-label",
        }, bandLayer);
        const lines = wrapText(band.name, Math.max(3, Math.floor((w - 8) / LAYOUT.bandUnitPx)), 1);
        label.textContent = lines[0] || "";
        svgEl("title", {}, label).textContent = band.name;
      });

      // Emotion scale: tinted halves, grid, zero line, numbers, captions.
      const grid = svgEl("g", { class: "cx-ec-grid", "aria-hidden": "true" }, svg);
      svgEl("rect", {
        x: LAYOUT.left, y: y(hi()), width: plotRight - LAYOUT.left,
        height: y(0) - y(hi()), class: "cx-ec-positive",
      }, grid);
      svgEl("rect", {
        x: LAYOUT.left, y: y(0), width: plotRight - LAYOUT.left,
        height: y(lo()) - y(0), class: "cx-ec-negative",
      }, grid);
      for (let v = lo(); v <= hi(); v += 1) {
        svgEl("line", {
          x1: LAYOUT.left, x2: plotRight, y1: y(v), y2: y(v),
          class: v === 0 ? "cx-ec-zero" : "cx-ec-gridline",
        }, grid);
        const tick = svgEl("text", {
          x: LAYOUT.left - 8, y: y(v) + 4, "text-anchor": "end", class: "cx-ec-tick",
        }, grid);
        tick.textContent = formatNumber(v, config().number, true, 0);
      }
      const top = svgEl("text", { x: 8, y: y(hi()) - 12, class: "cx-ec-axis-caption" }, grid);
      top.textContent = t.scale_top || "";
      const bottom = svgEl("text", { x: 8, y: y(lo()) + 22, class: "cx-ec-axis-caption" }, grid);
      bottom.textContent = t.scale_bottom || "";

      // Touchpoint labels and tags.
      const labelLayer = svgEl("g", { class: "cx-ec-labels" }, svg);
      const tags = model.get("tags") || [];
      const labelUnits = Math.max(4, Math.floor((geo.column - 4) / LAYOUT.labelUnitPx));
      const tagColours = config().tag_colours || {};
      labels().forEach((name, i) => {
        const text = svgEl("text", {
          x: x(i), y: geo.labelY, "text-anchor": "middle", class: "cx-ec-label",
        }, labelLayer);
        wrapText(name, labelUnits, labelLines()).forEach((line, k) => {
          const span = svgEl("tspan", { x: x(i), dy: k === 0 ? 0 : LAYOUT.labelLine }, text);
          span.textContent = line;
        });
        svgEl("title", {}, text).textContent = name;
        const tag = tags[i];
        if (tag && tag !== "none" && t[`tag_${tag}`]) {
          const chip = svgEl("text", {
            x: x(i), y: geo.tagY, "text-anchor": "middle",
            class: `cx-ec-tag cx-ec-tag-${tag}`, fill: tagColours[tag] || "#555",
          }, labelLayer);
          chip.textContent = t[`tag_${tag}`];
        }
      });

      // Series: lines, marks, points (editable series drawn last, on top).
      // Drawing order: fixed series, then editable ones, the active series last (on top,
      // so it is the one grabbed where two dots coincide).
      const activeSeries = Number(model.get("active"));
      const rank = (s) => (series()[s].editable ? 1 : 0) + (s === activeSeries ? 2 : 0);
      const order = series()
        .map((_info, s) => s)
        .sort((a, b) => rank(a) - rank(b) || a - b);
      const seriesParts = [];
      const lineLayer = svgEl("g", { class: "cx-ec-lines" }, svg);
      const markLayer = svgEl("g", { class: "cx-ec-marks", "aria-hidden": "true" }, svg);
      const pointLayer = svgEl("g", { class: "cx-ec-points" }, svg);
      for (const s of order) {
        const info = series()[s];
        const colour = info.colour || "#2563eb";
        const path = svgEl("path", {
          class: `cx-ec-line${info.editable ? "" : " cx-ec-line-fixed"}`,
          stroke: colour, fill: "none", "data-series": s,
        }, lineLayer);
        if (info.dashed) path.setAttribute("stroke-dasharray", "7 5");
        const marks = svgEl("g", { class: "cx-ec-series-marks", "data-series": s }, markLayer);
        const points = [];
        for (let i = 0; i < n(); i += 1) {
          const g = svgEl("g", { class: "cx-ec-point", "data-series": s, "data-index": i }, pointLayer);
          if (info.editable) {
            g.classList.add("cx-ec-editable");
            g.setAttribute("role", "slider");
            g.setAttribute("tabindex", "0");
            g.setAttribute("aria-valuemin", lo());
            g.setAttribute("aria-valuemax", hi());
            g.setAttribute("aria-orientation", "vertical");
            g.setAttribute(
              "aria-label",
              fill(t.point, { series: info.name, label: labels()[i], position: i + 1 }),
            );
            svgEl("circle", { r: 18, class: "cx-ec-hit" }, g);
          } else {
            g.setAttribute("aria-hidden", "true");
          }
          svgEl("circle", { r: info.editable ? 8 : 5, class: "cx-ec-dot", fill: colour }, g);
          points.push(g);
        }
        seriesParts[s] = { path, marks, points, colour };
      }

      // Value readout next to the focused or dragged point.
      const readout = svgEl("g", { class: "cx-ec-readout", "aria-hidden": "true" }, svg);
      const readoutBg = svgEl("rect", { rx: 5, height: 22, width: 44, class: "cx-ec-readout-bg" }, readout);
      const readoutText = svgEl("text", { class: "cx-ec-readout-text", "text-anchor": "middle" }, readout);
      readout.style.display = "none";

      // Legend, with the remembered and average scores from Python.
      const legend = svgEl("g", { class: "cx-ec-legend" }, svg);
      const legendItems = [];
      series().forEach((info, s) => {
        const place = geo.legend.items[s];
        const ly = geo.legendTop + place.row * LAYOUT.legendRow + 15;
        const g = svgEl("g", { class: "cx-ec-legend-item", "data-series": s }, legend);
        const swatch = svgEl("line", {
          x1: place.x, x2: place.x + 24, y1: ly - 4, y2: ly - 4, stroke: info.colour,
          class: "cx-ec-legend-swatch",
        }, g);
        if (info.dashed) swatch.setAttribute("stroke-dasharray", "6 4");
        const label = svgEl("text", { x: place.x + 30, y: ly, class: "cx-ec-legend-text" }, g);
        const name = svgEl("tspan", { class: "cx-ec-legend-name" }, label);
        name.textContent = info.name;
        const score = svgEl("tspan", { class: "cx-ec-remembered", "data-series": s, dx: 8 }, label);
        legendItems[s] = { score };
      });
      if (series().length && t.intense) {
        const place = geo.legend.key;
        const ly = geo.legendTop + place.row * LAYOUT.legendRow + 15;
        const g = svgEl("g", { class: "cx-ec-legend-key" }, legend);
        svgEl("circle", { cx: place.x + 9, cy: ly - 4, r: 8, class: "cx-ec-intense", stroke: "#475569" }, g);
        const label = svgEl("text", { x: place.x + 24, y: ly, class: "cx-ec-legend-text" }, g);
        label.textContent = t.intense;
      }

      parts = {
        series: seriesParts, legend: legendItems, readout, readoutBg, readoutText,
        count: n(), seriesCount: series().length,
      };
      update();
      if (focused) {
        const again = pointLayer.querySelector(
          `[data-series="${focused.s}"][data-index="${focused.i}"]`,
        );
        if (again) again.focus({ preventScroll: true });
      }
    };

    // ------------------------------------------------------------ updating
    const showReadout = () => {
      if (!parts) return;
      const target = drag ? drag.g : document.activeElement;
      if (!target || !svg.contains(target) || !target.classList.contains("cx-ec-editable")) {
        parts.readout.style.display = "none";
        return;
      }
      const s = Number(target.dataset.series);
      const i = Number(target.dataset.index);
      const v = local[s] ? local[s][i] : null;
      const text = isSet(v) ? fmt(v) : texts().unset || "";
      const w = 16 + units(text) * 7.5;
      // Left of the dot (valley badges sit on its right), unless that leaves the chart.
      const left = x(i) - 16 - w >= 0;
      const cx = left ? x(i) - 16 - w / 2 : x(i) + 16 + w / 2;
      const cy = y(isSet(v) ? v : 0);
      parts.readoutBg.setAttribute("x", cx - w / 2);
      parts.readoutBg.setAttribute("y", cy - 11);
      parts.readoutBg.setAttribute("width", w);
      parts.readoutText.setAttribute("x", cx);
      parts.readoutText.setAttribute("y", cy + 5);
      parts.readoutText.textContent = text;
      parts.readout.style.display = "";
    };

    const update = () => {
      if (!parts) return;
      if (parts.count !== n() || parts.seriesCount !== series().length) {
        build(); // the structure changed and its own event has not arrived yet
        return;
      }
      const t = texts();
      series().forEach((info, s) => {
        const part = parts.series[s];
        if (!part) return;
        const row = local[s] || [];
        let d = "";
        let pen = false;
        for (let i = 0; i < n(); i += 1) {
          const v = row[i];
          const g = part.points[i];
          if (!isSet(v)) {
            pen = false;
            g.classList.add("cx-ec-unset");
            g.setAttribute("transform", `translate(${x(i)},${y(0)})`);
            if (info.editable) {
              g.removeAttribute("aria-valuenow");
              g.setAttribute("aria-valuetext", t.unset || "");
            } else {
              g.style.display = "none";
            }
            continue;
          }
          g.classList.remove("cx-ec-unset");
          g.style.display = "";
          g.setAttribute("transform", `translate(${x(i)},${y(v)})`);
          if (info.editable) {
            g.setAttribute("aria-valuenow", v);
            g.setAttribute("aria-valuetext", fmt(v));
          }
          d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
          pen = true;
        }
        part.path.setAttribute("d", d);
      });
      paintMarks();
      showReadout();
    };

    const paintMarks = () => {
      if (!parts) return;
      const t = texts();
      const allMarks = model.get("marks") || [];
      const taken = [];
      series().forEach((info, s) => {
        const part = parts.series[s];
        if (!part) return;
        part.marks.replaceChildren();
        const m = allMarks[s];
        const legend = parts.legend[s];
        if (legend) {
          legend.score.textContent = m && isSet(m.remembered)
            ? fill(t.legend_scores, { remembered: fmt(m.remembered), average: fmt(m.average) })
            : "";
        }
        if (!m || !isSet(m.peak) || info.marks === false) return;
        const row = local[s] || [];
        const at = {};
        for (const kind of ["peak", "valley", "end"]) {
          const i = m[kind];
          if (!isSet(i) || !isSet(row[i])) continue;
          (at[i] = at[i] || []).push(kind);
        }
        if (isSet(m.intense) && isSet(row[m.intense])) {
          svgEl("circle", {
            cx: x(m.intense), cy: y(row[m.intense]), r: 14, class: "cx-ec-intense",
            stroke: part.colour,
          }, part.marks);
        }
        for (const [key, kinds] of Object.entries(at)) {
          const i = Number(key);
          const v = row[i];
          const text = kinds.map((k) => t[k] || k).join("·");
          const w = badgeWidth(text);
          // Badges sit above the point; a valley's sits to its right. A badge that would
          // cover another series' badge moves further out.
          const side = kinds.includes("valley") && !kinds.includes("peak");
          // Beside the point, on its right unless that would leave the chart (the last point).
          const right = x(i) + LAYOUT.badgeGap + w / 2;
          const beside = right + w / 2 <= geo.width - 2 ? right : x(i) - LAYOUT.badgeGap - w / 2;
          let bx = side ? beside : Math.min(Math.max(x(i), w / 2 + 2), geo.width - w / 2 - 2);
          let by = side ? y(v) + 5 : y(v) - 22;
          for (let tries = 0; tries < 4 && taken.some((r) => overlaps(r, bx, by, w)); tries += 1) {
            if (side) by += 21;
            else by -= 21;
          }
          taken.push({ bx, by, w });
          const g = svgEl("g", {
            class: `cx-ec-mark ${kinds.map((k) => `cx-ec-mark-${k}`).join(" ")}`,
            "data-series": s, "data-index": i,
          }, part.marks);
          svgEl("rect", {
            x: bx - w / 2, y: by - 14, width: w, height: 19, rx: 9, fill: part.colour,
            class: "cx-ec-mark-bg",
          }, g);
          const label = svgEl("text", { x: bx, y: by, "text-anchor": "middle", class: "cx-ec-mark-text" }, g);
          label.textContent = text;
        }
      });
    };
    const overlaps = (r, bx, by, w) => Math.abs(r.by - by) < 20 && Math.abs(r.bx - bx) < (r.w + w) / 2 + 2;

    // ------------------------------------------------------------ input
    const pointOf = (target) => (target && target.closest ? target.closest(".cx-ec-editable") : null);
    const setValue = (s, i, v, immediate) => {
      if (!local[s]) return;
      const value = snap(v);
      if (local[s][i] === value) return;
      local[s][i] = value;
      update();
      if (immediate) flush();
      else scheduleSync();
    };
    const toSvgY = (event) => {
      const matrix = svg.getScreenCTM();
      if (!matrix) return null;
      const point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      return point.matrixTransform(matrix.inverse()).y;
    };

    const onPointerDown = (event) => {
      const g = pointOf(event.target);
      if (!g || (event.button !== undefined && event.button > 0)) return;
      event.preventDefault();
      g.focus({ preventScroll: true });
      drag = { s: Number(g.dataset.series), i: Number(g.dataset.index), pointerId: event.pointerId, g };
      g.classList.add("cx-ec-dragging");
      try {
        g.setPointerCapture(event.pointerId);
      } catch (_err) {
        // Capture only keeps the drag when the pointer leaves the dot; moves still arrive.
      }
      if (local[drag.s] && !isSet(local[drag.s][drag.i])) {
        const svgY = toSvgY(event);
        if (svgY !== null) setValue(drag.s, drag.i, valueAt(svgY), false);
      }
      showReadout();
    };
    const onPointerMove = (event) => {
      if (!drag || event.pointerId !== drag.pointerId) return;
      event.preventDefault();
      const svgY = toSvgY(event);
      if (svgY !== null) setValue(drag.s, drag.i, valueAt(svgY), false);
    };
    const onPointerUp = (event) => {
      if (!drag || event.pointerId !== drag.pointerId) return;
      drag.g.classList.remove("cx-ec-dragging");
      try {
        drag.g.releasePointerCapture(event.pointerId);
      } catch (_err) {
        // already released
      }
      drag = null;
      flush();
      showReadout();
    };
    const onKeyDown = (event) => {
      const g = pointOf(event.target);
      if (!g) return;
      const s = Number(g.dataset.series);
      const i = Number(g.dataset.index);
      const current = local[s] && isSet(local[s][i]) ? local[s][i] : 0;
      const moves = {
        ArrowUp: current + step(),
        ArrowDown: current - step(),
        PageUp: current + 1,
        PageDown: current - 1,
        Home: hi(),
        End: lo(),
      };
      if (event.key in moves) {
        event.preventDefault();
        setValue(s, i, moves[event.key], false);
        return;
      }
      if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        event.preventDefault();
        const next = i + (event.key === "ArrowLeft" ? -1 : 1);
        const target = svg.querySelector(`.cx-ec-editable[data-series="${s}"][data-index="${next}"]`);
        if (target) target.focus();
      }
    };
    const onKeyUp = (event) => {
      if (pointOf(event.target) && timer !== null) flush();
    };

    scroller.addEventListener("pointerdown", onPointerDown);
    scroller.addEventListener("pointermove", onPointerMove);
    scroller.addEventListener("pointerup", onPointerUp);
    scroller.addEventListener("pointercancel", onPointerUp);
    scroller.addEventListener("keydown", onKeyDown);
    scroller.addEventListener("keyup", onKeyUp);
    scroller.addEventListener("focusin", showReadout);
    const onFocusOut = () => setTimeout(showReadout, 0);
    scroller.addEventListener("focusout", onFocusOut);

    // Re-lay out when the page width changes (not while the learner drags).
    const resize = typeof ResizeObserver === "undefined"
      ? null
      : new ResizeObserver(() => {
        const available = scroller.clientWidth;
        if (!drag && available && Math.abs(available - builtWidth) > 4) build();
      });
    if (resize) resize.observe(scroller);

    // ------------------------------------------------------------ model
    const onValues = () => {
      if (drag || timer !== null) return; // the learner's newer values are on their way
      local = copyValues(model.get("values"));
      update();
    };
    const onStructure = () => {
      if (!drag) local = copyValues(model.get("values"));
      build();
    };
    const structure = ["labels", "bands", "series", "texts", "tags", "active", "config"];
    model.on("change:values", onValues);
    model.on("change:marks", paintMarks);
    for (const name of structure) model.on(`change:${name}`, onStructure);
    build();

    return () => {
      if (timer !== null) flush();
      if (resize) resize.disconnect();
      scroller.removeEventListener("pointerdown", onPointerDown);
      scroller.removeEventListener("pointermove", onPointerMove);
      scroller.removeEventListener("pointerup", onPointerUp);
      scroller.removeEventListener("pointercancel", onPointerUp);
      scroller.removeEventListener("keydown", onKeyDown);
      scroller.removeEventListener("keyup", onKeyUp);
      scroller.removeEventListener("focusin", showReadout);
      scroller.removeEventListener("focusout", onFocusOut);
      model.off("change:values", onValues);
      model.off("change:marks", paintMarks);
      for (const name of structure) model.off(`change:${name}`, onStructure);
    };
  },
};
