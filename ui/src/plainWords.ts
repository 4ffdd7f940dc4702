// Plain words for technical values on a party's screen: what kind of file a document is instead
// of its MIME type, its size in KB or MB instead of bytes, and the line to the court measured
// before a hearing as 良好 / 一般 / 较差 instead of milliseconds and kbit/s. The figures themselves
// stay for staff behind `components/TechnicalDetails.vue`.
import type { DeviceCheck } from "@/bindings";

export type FileKind = "pdf" | "picture" | "text" | "other";

/** The kind of file a party recognises, from the type the court records. */
export function fileKind(mime: string): FileKind {
  const type = mime.split(";")[0].trim().toLowerCase();
  if (type === "application/pdf") return "pdf";
  if (type.startsWith("image/")) return "picture";
  if (type.startsWith("text/")) return "text";
  return "other";
}

/** A size as people read it: "830 B", "23 KB", "1.4 MB" (1 KB = 1,024 bytes, as file managers show). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export type NetworkGrade = "good" | "fair" | "poor";

/**
 * The device check's measurement in one word. "Good" is the core's own verdict (`good_enough`:
 * about 1,000 kbit/s down and a round trip under 300 ms). "Fair" still carries one camera's
 * picture (the hearing sends one 600 kbit/s stream per camera) with a round trip people can talk
 * over (under 600 ms); below that the picture and sound will break up.
 */
export function networkGrade(c: Pick<DeviceCheck, "good_enough" | "download_kbps" | "rtt_ms">): NetworkGrade {
  if (c.good_enough) return "good";
  return c.download_kbps >= 600 && c.rtt_ms < 600 ? "fair" : "poor";
}
