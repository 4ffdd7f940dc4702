import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

// The UI is served by Tauri from ui/dist; no dev server is needed to run the app.
// `@/` is `src/`, so a feature imports `@/api` wherever its folder sits.
export default defineConfig({
  plugins: [vue()],
  base: "./",
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 2000, target: "safari13" },
});
