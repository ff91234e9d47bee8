export { IN_CHUNK, inChunks } from "../lib/chunks";
