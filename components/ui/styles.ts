// The shared class names, for components that compose them.
import s from "./ui.module.css";

export const ui = s;
export const cx = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(" ");
