import { Readability } from '@mozilla/readability';
import { DOMParser } from 'linkedom';
import TurndownService from 'turndown';

/** A part of the page under one heading, as markdown. */
export interface PageSection {
  heading: string;
  level: number;
  markdown: string;
}

export interface ReadablePage {
  title: string;
  siteName: string | null;
  /** The page's main text as markdown (navigation, scripts and styles left out). */
  markdown: string;
  sections: PageSection[];
  /** Absolute http(s) URLs the page links to or shows in code, in page order. */
  urls: string[];
}

/** What this file uses of linkedom's DOM (its own types are mostly `any`). */
interface DomNode {
  nodeType: number;
  tagName: string;
  textContent: string | null;
  outerHTML: string;
  innerHTML: string;
  childNodes: ArrayLike<DomNode>;
  querySelector(selectors: string): DomNode | null;
  querySelectorAll(selectors: string): ArrayLike<DomNode>;
  getAttribute(name: string): string | null;
}

function dom(html: string): { title: string; body: DomNode; document: unknown } {
  const document = new DOMParser().parseFromString(html, 'text/html');
  // linkedom declares its nodes against lib.dom, which this build does not load: they type as any.
  const title = document.querySelector('title') as DomNode | null;
  const body = document.body as DomNode;
  return { title: title?.textContent?.trim() ?? '', body, document };
}

const HEADING = /^H([1-6])$/;
const DROPPED = [
  'script',
  'style',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'canvas',
  'form',
  'template',
];

function turndown(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
  });
  // A rule, not remove(): rules outrank turndown's own (its image rule). Images carry nothing a
  // setup guide needs, and a remote image in markdown the console renders would be a beacon.
  service.addRule('dropped', { filter: [...DROPPED, 'img'], replacement: () => '' });
  return service;
}

/**
 * HTML to clean markdown with maintained libraries: linkedom for the DOM, Mozilla's
 * Readability for the main content (what Firefox's reader view shows), turndown for markdown.
 * Markdown and plain text pages are taken as they are.
 */
export function readablePage(body: string, contentType: string, pageUrl: string): ReadablePage {
  if (!/html/.test(contentType)) {
    const title = new URL(pageUrl).pathname.split('/').filter(Boolean).pop() ?? new URL(pageUrl).host;
    return { title, siteName: null, markdown: body.trim(), sections: [], urls: [] };
  }
  const page = dom(body);
  // Readability takes the page apart as it reads it: the fallback parses the page again.
  const article = new Readability(page.document, { charThreshold: 100 }).parse();
  const content = dom(
    `<!doctype html><html><body>${article?.content ?? dom(body).body.innerHTML}</body></html>`,
  );
  const service = turndown();
  return {
    title: (article?.title || page.title || new URL(pageUrl).host).trim(),
    siteName: article?.siteName?.trim() || null,
    markdown: service.turndown(content.body.innerHTML).trim(),
    sections: sectionsOf(content.body, service),
    urls: urlsOf(content.body, pageUrl),
  };
}

/** The page cut at its headings, each section's nodes (however nested) turned into markdown. */
function sectionsOf(root: DomNode, service: TurndownService): PageSection[] {
  const sections: Array<{ heading: string; level: number; html: string[] }> = [];
  let current = { heading: '', level: 0, html: [] as string[] };
  const visit = (parent: DomNode) => {
    for (const node of Array.from(parent.childNodes)) {
      if (node.nodeType !== 1) {
        if (node.textContent?.trim()) current.html.push(node.textContent);
        continue;
      }
      const level = HEADING.exec(node.tagName);
      if (level) {
        sections.push(current);
        current = { heading: node.textContent?.trim() ?? '', level: Number(level[1]), html: [] };
      } else if (node.querySelector('h1, h2, h3, h4, h5, h6')) {
        visit(node);
      } else {
        current.html.push(node.outerHTML);
      }
    }
  };
  visit(root);
  sections.push(current);
  return sections
    .map((s) => ({
      heading: s.heading,
      level: s.level,
      markdown: service.turndown(s.html.join('\n')).trim(),
    }))
    .filter((s) => s.heading || s.markdown);
}

function urlsOf(root: DomNode, base: string): string[] {
  const found: string[] = [];
  const add = (candidate: string) => {
    try {
      const url = new URL(candidate, base);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && !found.includes(url.toString())) {
        found.push(url.toString());
      }
    } catch {
      /* not a URL */
    }
  };
  for (const code of Array.from(root.querySelectorAll('code, pre'))) {
    for (const word of (code.textContent ?? '').split(/[\s"'`<>()]+/))
      if (/^https?:\/\//.test(word)) add(word);
  }
  for (const link of Array.from(root.querySelectorAll('a[href]'))) add(link.getAttribute('href') ?? '');
  return found;
}
