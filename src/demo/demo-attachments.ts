/**
 * The demo's attachments as real files: uploaded by the registering staff member before the case is
 * registered, as the workbench does (a petition may refer only to its registrant's own uploads). A
 * small stand-in of the named type (JPEG, PNG or PDF), unique per attachment; a type the system does
 * not accept (a recording, a Word or Excel file) is registered as its PDF scan (（扫描件）.pdf).
 */
import type { Attachment } from '../domain/model/petition.js';

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The file to upload for a demo attachment (its drawn sha256 only makes the content unique). */
export function demoAttachmentFile(a: Attachment): { name: string; bytes: Buffer } {
  const ext = a.name.slice(a.name.lastIndexOf('.') + 1).toLowerCase();
  const tag = Buffer.from(`minsheng-demo:${a.sha256}`);
  if (ext === 'png') return { name: a.name, bytes: Buffer.concat([PNG, tag]) };
  if (ext === 'jpg' || ext === 'jpeg') {
    // SOI, a JFIF APP0 segment, a comment carrying the tag, EOI.
    const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
    const com = Buffer.concat([Buffer.from([0xff, 0xfe, (tag.length + 2) >> 8, (tag.length + 2) & 0xff]), tag]);
    return { name: a.name, bytes: Buffer.concat([Buffer.from([0xff, 0xd8]), app0, com, Buffer.from([0xff, 0xd9])]) };
  }
  const name = ext === 'pdf' ? a.name : `${a.name.slice(0, a.name.lastIndexOf('.'))}（扫描件）.pdf`;
  const pdf = `%PDF-1.4\n% ${tag.toString()}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return { name, bytes: Buffer.from(pdf) };
}
