/**
 * The diagram as one self-contained HTML page: the SVG inline, and svg-pan-zoom (a
 * small, widely used pan/zoom library for SVG, BSD-2) inlined from the installed package,
 * so the page works from a file:// URL with no network. Wheel zooms, drag pans, double
 * click zooms in, and the controls in the corner reset and fit.
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
    `<header>${escapeXml(title)} — scroll to zoom, drag to pan, hover for notes</header>`,
    `<div id="diagram">${svg}</div>`,
    `<script>${panZoomScript()}</script>`,
    `<script>${START}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
