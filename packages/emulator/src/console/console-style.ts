/** The console's stylesheet. */
export const CONSOLE_CSS = `
:root { font-family: system-ui, sans-serif; color: #1d2530; background: #f4f6f8; }
body { margin: 0; }
header { padding: 10px 18px; background: #232f3e; color: #fff; }
header h1 { margin: 0; font-size: 18px; }
.note { margin: 4px 0 0; font-size: 12px; color: #f7c948; }
#token-form { margin-top: 6px; }
main { display: grid; grid-template-columns: 300px 1fr; gap: 14px; padding: 14px 18px; }
section { background: #fff; border: 1px solid #d5dbe1; border-radius: 6px; padding: 10px 12px; min-height: 200px; }
.pane-head { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
h2 { font-size: 15px; margin: 4px 0 8px; word-break: break-all; }
#contacts { list-style: none; margin: 0; padding: 0; }
#contacts li { padding: 7px 8px; border-radius: 4px; cursor: pointer; border: 1px solid transparent; font-size: 13px; }
#contacts li:hover { background: #eef3f8; }
#contacts li.selected { border-color: #0972d3; background: #e8f2fc; }
#contacts .meta { color: #5f6b7a; font-size: 11px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; background: #d1f0d6; color: #1d6b2c; }
.badge.ended { background: #e9ebed; color: #5f6b7a; }
#transcript { list-style: none; margin: 0; padding: 6px; height: 340px; overflow-y: auto; background: #fafbfc; border: 1px solid #e9ebed; border-radius: 4px; }
#transcript li { margin: 6px 0; max-width: 75%; padding: 6px 9px; border-radius: 8px; font-size: 14px; white-space: pre-wrap; }
#transcript li.CUSTOMER { margin-left: auto; background: #0972d3; color: #fff; }
#transcript li.AGENT, #transcript li.SYSTEM, #transcript li.CUSTOM_BOT, #transcript li.SUPERVISOR { background: #e9ebed; }
#transcript li.event { max-width: none; text-align: center; background: none; color: #5f6b7a; font-size: 12px; padding: 2px; }
#transcript .who { display: block; font-size: 11px; opacity: .75; }
#transcript .receipt { display: block; font-size: 11px; opacity: .75; text-align: right; }
.muted { color: #5f6b7a; font-size: 12px; min-height: 1em; margin: 4px 0; }
#composer textarea { width: 100%; box-sizing: border-box; font: inherit; padding: 6px; }
.row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-top: 6px; }
.chunks input { width: 48px; }
button { font: inherit; font-size: 13px; padding: 4px 10px; border-radius: 4px; border: 1px solid #8d99a8; background: #fff; cursor: pointer; }
button[type=submit] { background: #0972d3; color: #fff; border-color: #0972d3; }
button.danger { border-color: #d91515; color: #d91515; }
button:disabled { opacity: .5; cursor: default; }
fieldset { margin-top: 10px; border: 1px solid #d5dbe1; border-radius: 4px; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
fieldset input { width: 70px; }
`;
