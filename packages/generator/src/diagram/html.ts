/**
 * The diagram as one self-contained HTML page: the SVG inline, and svg-pan-zoom (a
 * small, widely used pan/zoom library for SVG, BSD-2) inlined from the installed package,
 * so the page works from a file:// URL with no network. Wheel zooms, drag pans, double
 * click zooms in, the controls in the corner reset and fit, and the search box finds a
 * table by name (zoomed to and outlined): a 200-table drawing is navigable.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { escapeXml } from './svg.js';

let panZoomSource: string | null = null;

/** The library's minified build, read once; `</` escaped so it cannot end the script. */
function panZoomScript(): string {
  if (panZoomSource === null) {
    const path = createRequire(import.meta.url).resolve('svg-pan-zoom/dist/svg-pan-zoom.min.js');
    panZoomSource = readFileSync(path, 'utf8').replace(/<\//g, '<\\/');
  }
  return panZoomSource;
}

const PAGE_STYLE = `
  html, body { margin: 0; height: 100%; background: #fcfcfd; font-family: system-ui, sans-serif; }
  header { position: fixed; top: 0; left: 0; right: 0; padding: 8px 14px; background: #31456a;
    color: #fff; font-size: 14px; z-index: 1; }
  #diagram { position: absolute; top: 36px; left: 0; right: 0; bottom: 0; }
  #diagram > svg { width: 100%; height: 100%; }
  #find { margin-left: 16px; padding: 0 6px; height: 20px; box-sizing: border-box; font-size: 13px; border-radius: 4px; border: 1px solid #8da2c8; }
  #find.missing { background: #ffe3e3; }
  g.table.found .table-outline { stroke: #d9480f; stroke-width: 4; }
`;

const START = `
  const svg = document.querySelector('#diagram > svg');
  // The page fills the window; the drawing keeps its own coordinates in the viewBox.
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  window.diagram = svgPanZoom(svg, {
    zoomEnabled: true, controlIconsEnabled: true, fit: true, center: true,
    minZoom: 0.05, maxZoom: 20, zoomScaleSensitivity: 0.3,
  });
  window.addEventListener('resize', () => { window.diagram.resize(); window.diagram.fit(); window.diagram.center(); });

  // Find a table by name (Enter): zoomed to a readable size and centred, outlined.
  const find = document.querySelector('#find');
  find.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    const wanted = find.value.trim().toLowerCase();
    const tables = [...svg.querySelectorAll('g.table')];
    const name = (g) => g.dataset.table.toLowerCase();
    const table =
      tables.find((g) => name(g) === wanted || name(g).endsWith('.' + wanted)) ??
      tables.find((g) => name(g).includes(wanted));
    find.classList.toggle('missing', !table);
    if (!table || wanted === '') return;
    for (const g of svg.querySelectorAll('g.table.found')) g.classList.remove('found');
    table.classList.add('found');
    const box = table.getBBox();
    const panZoom = window.diagram;
    panZoom.zoom((panZoom.getZoom() * 1.2) / panZoom.getSizes().realZoom);
    const sizes = panZoom.getSizes();
    panZoom.pan({
      x: sizes.width / 2 - (box.x + box.width / 2) * sizes.realZoom,
      y: sizes.height / 2 - (box.y + box.height / 2) * sizes.realZoom,
    });
  });
`;

/** A page titled `title` that shows `svg` (from {@link renderSvg}) with pan and zoom. */
export function renderHtml(svg: string, title: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeXml(title)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    `<header>${escapeXml(title)} — scroll to zoom, drag to pan, hover for notes` +
      `<input id="find" type="search" placeholder="find a table (Enter)" aria-label="find a table"></header>`,
    `<div id="diagram">${svg}</div>`,
    `<script>${panZoomScript()}</script>`,
    `<script>${START}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
