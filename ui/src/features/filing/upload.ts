// Files attached to a draft, with their progress: read from the disk (a real percentage, from
// the browser's reader), then kept by the core (hashed and stored, shown as under way), then
// saved or not. Each file has its own line, so a slow or failed one is seen as such.
import { ref } from "vue";
import type { FileRef } from "@/bindings";
// The core's command itself: `api.attachFile` reads the file again without progress.
import { commands } from "@/commands";

export type Upload = { id: number; name: string; size: number; percent: number; state: "reading" | "saving" | "done" | "failed" };

let next = 0;

function read(file: File, onProgress: (percent: number) => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}

export function useUploads() {
  const uploads = ref<Upload[]>([]);

  /** Attaches each file in turn; `onFile` receives each one the core kept. */
  async function attach(files: File[], onFile: (f: FileRef) => void, onError: (e: unknown) => void) {
    const mine = files.map((f) => ({ id: next++, name: f.name, size: f.size, percent: 0, state: "reading" as Upload["state"] }));
    uploads.value.push(...mine);
    for (const [i, file] of files.entries()) {
      const u = uploads.value.find((x) => x.id === mine[i].id)!;
      try {
        const bytes = await read(file, (p) => (u.percent = Math.min(p, 90)));
        u.state = "saving";
        u.percent = 95;
        onFile(await commands.attachFile(bytes, file.name));
        u.state = "done";
        u.percent = 100;
        setTimeout(() => (uploads.value = uploads.value.filter((x) => x.id !== u.id)), 4000);
      } catch (e) {
        u.state = "failed";
        onError(e);
      }
    }
  }

  function dismiss(id: number) {
    uploads.value = uploads.value.filter((x) => x.id !== id);
  }

  return { uploads, attach, dismiss };
}
