// The UI's calls into the desktop core. Every command and event is generated into commands.ts
// from src-tauri/src/commands (names, arguments and answers from the Rust declarations); what
// stays here turns browser things (files, callbacks) into what those commands take, checked
// against the generated signatures by the compiler.
import { Channel } from "@tauri-apps/api/core";
import type { AppError, CameraGuide, CapturePhase, FacePurpose, HearingUpdate } from "./bindings";
import { commands, events } from "./commands";

export function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

export const api = {
  ...commands,
  ...events,
  /** The file's bytes travel as the raw body, not as JSON. */
  attachFile: async (file: File) => commands.attachFile(new Uint8Array(await file.arrayBuffer()), file.name),
  /** The card's photo travels as the raw body. */
  sendIdCard: async (file: File) => commands.sendIdCard(new Uint8Array(await file.arrayBuffer())),
  /** Preview frames arrive as JPEG bytes on one channel, the guide's readings on another. */
  openCamera: (id: string, onFrame: (jpeg: ArrayBuffer | number[]) => void, onGuide: (g: CameraGuide) => void) =>
    commands.openCamera(id, new Channel<ArrayBuffer | number[]>(onFrame), new Channel<CameraGuide>(onGuide)),
  runFaceCheck: (purpose: FacePurpose, name: string | null, idNumber: string | null, onPhase: (p: CapturePhase) => void) =>
    commands.runFaceCheck(purpose, name, idNumber, new Channel<CapturePhase>(onPhase)),
  startAssisted: (username: string, code?: string) => commands.startAssisted(username, code ?? null),
  /** Pictures arrive as raw bytes: 8 bytes of the account id (little-endian; 0 is one's own camera), then the JPEG. */
  joinHearing: (
    hearingId: number,
    camera: string,
    microphone: string | null,
    onVideo: (accountId: number, jpeg: Uint8Array) => void,
    onUpdate: (u: HearingUpdate) => void,
  ) =>
    commands.joinHearing(
      hearingId,
      camera,
      microphone,
      pictureChannel(onVideo),
      new Channel<HearingUpdate>(onUpdate),
    ),
  /** "重新进入": the devices and rules passed in this hearing are the core's; pictures as for joinHearing. */
  reenterHearing: (hearingId: number, onVideo: (accountId: number, jpeg: Uint8Array) => void, onUpdate: (u: HearingUpdate) => void) =>
    commands.reenterHearing(hearingId, pictureChannel(onVideo), new Channel<HearingUpdate>(onUpdate)),
};

/** Each picture as raw bytes: 8 bytes of the account id (little-endian), then the JPEG. */
function pictureChannel(onVideo: (accountId: number, jpeg: Uint8Array) => void) {
  return new Channel<ArrayBuffer | number[]>((raw) => {
    const bytes = raw instanceof ArrayBuffer ? new Uint8Array(raw) : Uint8Array.from(raw);
    const id = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigInt64(0, true));
    onVideo(id, bytes.subarray(8));
  });
}
