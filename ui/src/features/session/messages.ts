// Signing in: the court's address, the form, and the demo court's accounts.

export const zh = {
  appSubtitle: "足不出户，办理诉讼事务",
  signInTitle: "登录",
  username: "用户名",
  password: "密码",
  signIn: "登录",
  signingIn: "正在登录…",
  demoAccounts: "演示账号（密码均为 {password}）",
  demoNote: "本机正在运行内置的演示法院，数据均为虚构。",
  useAccount: "使用此账号",
  courtAddress: "法院服务地址",
};

export const en: typeof zh = {
  appSubtitle: "Handle your case without leaving home",
  signInTitle: "Sign in",
  username: "User name",
  password: "Password",
  signIn: "Sign in",
  signingIn: "Signing in…",
  demoAccounts: "Demo accounts (password {password} for all)",
  demoNote: "A built-in demo court is running on this computer; all data is fictitious.",
  useAccount: "Use this account",
  courtAddress: "Court service",
};
