import { main } from './start';

main('all', import.meta.url);
