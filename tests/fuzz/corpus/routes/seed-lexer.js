import a from "./a.js"; export * from "../b.js"; import("./c.js"); const r = /import "x"/; `import ${"y"}`; // import "z"
import {q as w} from "./d.js"