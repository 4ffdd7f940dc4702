import { createApp } from "vue";
import ElementPlus from "element-plus";
import "element-plus/dist/index.css";
// After Element Plus's sheet, so that the theme's colours and large text's sizes win over its own.
import "./theme.css";
import "./large-text.css";
import "./style.css";
import App from "./App.vue";

createApp(App).use(ElementPlus).mount("#app");
