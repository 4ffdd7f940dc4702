// The words of the home screen's refused actions and of the "verify first" notice before filing,
// in Chinese first and English second, in plain words.
import type { RefusedKind } from "@/bindings";

export const zh = {
  refused: {
    title: "法院没有接受的操作",
    intro: "下面这些操作法院没有接受，请看原因。看完后可以点“我知道了”。",
    kind: {
      filing: "立案申请",
      correction: "补正材料",
      message: "留言",
      evidence_opinion: "质证意见",
      evidence_view: "查看证据",
    } satisfies Record<RefusedKind, string>,
    doneAt: "提交于 {time}",
    reason: "原因：",
    identityFirst: "网上立案前需要先完成实名认证。",
    draftBack: "您填写的内容都还在，已放回草稿，可以修改后重新提交。",
    editDraft: "修改后重新提交",
    openCase: "查看案件",
    verify: "去实名认证",
    dismiss: "我知道了",
  },
  verifyFirst: {
    title: "网上立案前，请先完成实名认证",
    why: "法院要求先核实是您本人，才能在网上起诉（《人民法院在线诉讼规则》第七条）。",
    how: "认证大约需要 5 分钟：手机收一条验证码，拍身份证人像面，再对着摄像头做几个动作。",
    go: "去实名认证",
    help: "不方便自己操作，可以请法律服务工作者帮忙，或到法院诉讼服务中心办理。",
  },
  refusedCount: "{n} 条被法院退回",
};

export const en: typeof zh = {
  refused: {
    title: "What the court did not accept",
    intro: "The court did not accept the actions below; the reason is given for each. When you have read one, press “I have read this”.",
    kind: {
      filing: "Filing application",
      correction: "Corrected application",
      message: "Message",
      evidence_opinion: "Opinion on evidence",
      evidence_view: "Viewing evidence",
    },
    doneAt: "Submitted {time}",
    reason: "Reason: ",
    identityFirst: "You need to verify your identity before filing online.",
    draftBack: "Everything you typed is kept: it is back in your drafts, so you can change it and submit it again.",
    editDraft: "Change and submit again",
    openCase: "Open the case",
    verify: "Verify identity",
    dismiss: "I have read this",
  },
  verifyFirst: {
    title: "Please verify your identity before filing online",
    why: "The court must know it is really you before you can sue online (Online Litigation Rules of the People's Courts, Art. 7).",
    how: "It takes about 5 minutes: a text message code to your phone, a photo of the face side of your ID card, and a few movements in front of the camera.",
    go: "Verify identity",
    help: "If you cannot do it yourself, a legal worker can help you, or you can do it at the court's litigation service centre.",
  },
  refusedCount: "{n} refused by the court",
};
