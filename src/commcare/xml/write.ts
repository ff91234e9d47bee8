import type { XmlElement } from "./parse";

export const escapeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
export const escapeAttr = (s: string) => escapeText(s).replace(/"/g, "&quot;");

export const XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n";

/** Serialises an element tree; empty elements as `<x/>`. */
export function writeXml(el: XmlElement): string {
  const attrs = el.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join("");
  if (el.children.length === 0) return `<${el.name}${attrs}/>`;
  const inner = el.children.map((c) => (typeof c === "string" ? escapeText(c) : writeXml(c))).join("");
  return `<${el.name}${attrs}>${inner}</${el.name}>`;
}

export const el = (name: string, attrs: [string, string][] = [], children: (XmlElement | string)[] = []): XmlElement => ({
  name,
  attrs,
  children,
});
