import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

// The UI is served by Tauri from ui/dist; no dev server is needed to run the app.
export default defineConfig({
  plugins: [vue()],
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 2000, target: "safari13" },
});
