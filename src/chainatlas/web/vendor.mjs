// Copy the front-end libraries listed in vendor.json from node_modules into static/vendor/.
// Run by `npm run build` after `npm ci`; the Python side (assets.py) reads the same list.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const { files } = JSON.parse(readFileSync(join(here, "vendor.json"), "utf8"));
const target = join(here, "static", "vendor");
mkdirSync(target, { recursive: true });
for (const [name, source] of Object.entries(files)) {
  copyFileSync(join(root, "node_modules", source), join(target, name));
  console.log(`vendor: ${source} -> static/vendor/${name}`);
}
