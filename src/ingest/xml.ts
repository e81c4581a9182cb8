import { DOMParser } from 'linkedom';

export interface XmlElement {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<XmlElement>;
}

export function parseXml(xml: string): XmlElement {
  const document = new DOMParser().parseFromString(xml, 'text/xml') as unknown as {
    documentElement: XmlElement;
  };
  return document.documentElement;
}

/** Elements by local name, whatever namespace prefix the file gave them ("dc:title", "title"). */
export function elementsNamed(root: XmlElement, localName: string): XmlElement[] {
  const wanted = localName.toLowerCase();
  return Array.from(root.querySelectorAll('*')).filter(
    (element) => element.tagName.toLowerCase().replace(/^.*:/, '') === wanted,
  );
}

export function textOf(element: XmlElement | undefined): string | undefined {
  const text = element?.textContent?.replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}

export function decodeText(bytes: Uint8Array | undefined): string | undefined {
  return bytes ? new TextDecoder().decode(bytes) : undefined;
}
