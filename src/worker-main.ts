import { main } from './start';

main('worker', import.meta.url);
