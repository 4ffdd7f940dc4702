// Ending a session on a shared office machine leaves nothing of it on screen: the popups (the
// court's notices, messages, open dialogs) closed and the screen stack back at the start. The
// screens themselves unmount with the session; their state goes with them.
import { ElMessage, ElMessageBox, ElNotification } from "element-plus";
import { reset } from "@/router";

export function clearScreens(): void {
  ElNotification.closeAll();
  ElMessage.closeAll();
  ElMessageBox.close();
  reset();
}
