// Prints what the hooks cost in an app, beside what the transport costs: three builds of one small chat component
// (size/*/app.tsx), each a Vite production build with no config of its own, of the published entries (dist/, so
// `npm run build` first), as transport-browser's size/measure.mjs measures:
//   react-only     React and react-dom, no session (the baseline);
//   without-hooks  the component wired by hand on transport-browser (useState + useEffect + subscribe);
//   with-hooks     the same component on the hooks (useParticipantSession, useSessionState, useConversation, useSendMessage).
import { fileURLToPath } from 'node:url';
import { measureApp } from '../../transport-browser/size/measure.mjs';

export const APPS = ['react-only', 'without-hooks', 'with-hooks'];

/** Where each module of the bundle comes from, by its path. */
const packageOf = (id) =>
  /node_modules\/(react-dom|scheduler)\//.test(id)
    ? 'react-dom'
    : /node_modules\/react\//.test(id)
      ? 'react'
      : /node_modules\/(rxjs|tslib)\//.test(id)
        ? 'rxjs'
        : /core\/dist\//.test(id)
          ? 'core'
          : /transport-browser\/dist\//.test(id)
            ? 'transport-browser'
            : /packages\/react\/dist\//.test(id)
              ? 'hooks'
              : /^\0?vite\//.test(id)
                ? 'vite'
                : 'app';

export function measure(app) {
  return measureApp(fileURLToPath(new URL(`./${app}/`, import.meta.url)), packageOf);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const sizes = {};
  for (const app of APPS) sizes[app] = await measure(app);
  console.log('| app (default Vite build of the published entries) | minified | min+gz | min+gz over the previous row |');
  console.log('| --- | --- | --- | --- |');
  let previous;
  for (const app of APPS) {
    const { minified, gzipped } = sizes[app];
    console.log(`| ${app} | ${kb(minified)} | ${kb(gzipped)} (${gzipped} bytes) | ${previous ? `+${kb(gzipped - previous.gzipped)} (${gzipped - previous.gzipped} bytes)` : ''} |`);
    previous = sizes[app];
  }
  for (const app of APPS) {
    console.log(`${app}: rendered bytes before minifying, by source: ${Object.entries(sizes[app].byPackage).map(([k, v]) => `${k} ${kb(v)}`).join(', ')}`);
  }
}
