// What each refusal or failure means, in words the user understands: one sentence per code the
// core can answer (AppErrorCode, generated from Rust), so a new code does not compile until it has
// both texts. The Chinese sentences are whole without the court's detail: that detail is English
// and would stand untranslated inside them (errors.ts fills it into the English ones only).
import type { AppErrorCode } from "./bindings";

/** A text that does not take the court's English detail. */
type Whole<T> = { [K in keyof T]: T[K] extends `${string}{message}${string}` ? never : T[K] };

function whole<const T extends Record<AppErrorCode, string>>(texts: T & Whole<T>): Record<AppErrorCode, string> {
  return texts;
}

export const zh = whole({
  invalid_credentials: "用户名或密码不正确，请再试一次。",
  too_many_attempts: "密码错误次数过多，请 15 分钟后再试。",
  offline: "暂时连不上法院，请检查网络后再试。",
  not_signed_in: "请先登录。",
  session_expired: "登录已过期，请重新登录。",
  not_found: "没有找到这个案件或材料。",
  invalid_input: "填写的内容有误，请检查后重新填写。",
  invalid_text: "文字中含有法院不接收的字符（控制符、文字方向控制符，或只有看不见的字符），请删去后重新输入。",
  rate_limited: "操作过于频繁，请稍等片刻再试。",
  too_many_open_requests: "您已有 3 项申请等待法庭处理，请待法庭处理后再提出。",
  date_out_of_range: "日期不在法院接受的范围内（开庭时间须在昨天至两年内）。",
  newer_database: "本机数据由更新版本的软件保存，请先升级软件。",
  storage: "本机数据读写出错，请稍后再试；仍然出错时，请重新启动软件。",
  conflict: "法院未能办理：此事项的状态已经变化（可能已经办理过），请查看案件的最新情况。",
  forbidden: "您的账号不能办理此事项。",
  wrong_code: "验证码不正确，请核对短信后重新输入。",
  code_expired: "验证码或核验已过期，请重新开始。",
  picture_rejected: "照片无法使用，请按提示重新拍摄或选择照片。",
  identity_step_missing: "请先完成前面的认证步骤，再继续办理。",
  face_check_failed: "法院这次未能完成人脸核验，未作任何认定（本次计入当日次数）。请稍后重试，或到法院现场核验。",
  server_busy: "法院服务正忙于处理其他上传，请稍等片刻再试。",
  face_template_outdated: "法院的人脸比对方式已更新，请重新拍摄身份证人像面后再核验。",
  camera_unavailable: "摄像头无法使用：可能没有接好、正被其他程序使用，或未获准使用。",
  gateway_not_configured: "本院尚未开通网上缴费或短信服务，请联系法院。",
  party_confirmation_required: "验证码已发送到当事人本人已验证的手机，请当事人本人在本机输入验证码。",
  assisted_change_refused: "协助办理不能更改当事人已验证的手机、身份或同意。请当事人本人登录办理，或先由当事人本人完成人脸核验。",
  party_phone_required: "当事人已核验身份，但尚未验证手机号，无法由本人确认协助。请当事人本人登录验证手机号，或到法院现场办理。",
  server: "法院服务出错，请稍后再试。",
  internal: "软件出错，请稍后再试。",
});

export const en = {
  invalid_credentials: "Wrong user name or password. Please try again.",
  too_many_attempts: "Too many wrong passwords. Please try again in 15 minutes.",
  offline: "The court cannot be reached. Check the network and try again.",
  not_signed_in: "Please sign in first.",
  session_expired: "Your session has expired. Please sign in again.",
  not_found: "This case or document was not found.",
  invalid_input: "Please check what you entered: {message}",
  invalid_text: "The text holds characters the court does not accept (control or text-direction characters, or nothing visible). Remove them and type it again.",
  rate_limited: "Too many actions in a short time. Please wait a moment and try again.",
  too_many_open_requests: "You already have 3 requests waiting for the court. Please wait until it deals with one.",
  date_out_of_range: "The date is outside what the court accepts (a hearing from yesterday to two years ahead).",
  newer_database: "Data on this computer was saved by a newer version. Please update the app.",
  storage: "Could not read or write local data: {message}",
  conflict: "The court could not do this: {message}",
  forbidden: "Your account may not do this.",
  wrong_code: "Wrong code: {message}",
  code_expired: "The code or the check has expired; start again.",
  picture_rejected: "The picture cannot be used: {message}",
  identity_step_missing: "Please finish the earlier steps first: {message}",
  face_check_failed: "The court could not complete the face check this time and decided nothing (the attempt counts for today). Please try again later, or verify in person at the court.",
  server_busy: "The court is busy with other uploads. Please wait a moment and try again.",
  face_template_outdated: "The court has changed how it compares faces: photograph the face side of your ID card again, then verify.",
  camera_unavailable: "The camera cannot be used: {message}",
  gateway_not_configured: "This court has not set up online payment or text messages yet. Please contact the court.",
  party_confirmation_required: "A code was sent to the party's own verified phone. The party types it in on this computer.",
  assisted_change_refused: "An assisted session cannot change the party's verified phone, identity or consent. The party does it signed in themselves, or after their own face check.",
  party_phone_required: "The party has verified their identity but no phone to confirm with. The party verifies a phone signed in themselves, or at the court.",
  server: "The court service failed. Please try again later.",
  internal: "Something went wrong. Please try again later.",
} satisfies Record<AppErrorCode, string>;
