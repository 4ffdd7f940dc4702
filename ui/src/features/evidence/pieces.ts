// A file of evidence handed to the core in pieces: a recording of hundreds of megabytes is read
// slice by slice from the disk (File.slice reads only that slice) and each slice crosses as raw
// bytes, so neither the window nor the core ever holds the whole file. The core hashes it as it
// arrives and keeps it under its hash until it is given to the court.
import type { EvidenceFileReady } from "@/bindings";
import { commands } from "@/commands";

/** Bytes per piece: large enough to be quick, small enough to be nothing in memory. */
export const PIECE_BYTES = 4 * 1024 * 1024;

export async function sendInPieces(file: File, onProgress: (percent: number) => void): Promise<EvidenceFileReady> {
  const id = await commands.beginEvidenceFile();
  let offset = 0;
  onProgress(0);
  while (offset < file.size) {
    const piece = new Uint8Array(await file.slice(offset, offset + PIECE_BYTES).arrayBuffer());
    offset = await commands.evidenceFilePiece(piece, `${id}@${offset}`);
    onProgress(Math.floor((offset / Math.max(file.size, 1)) * 100));
  }
  return commands.finishEvidenceFile(id, file.name);
}
