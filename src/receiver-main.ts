import { main } from './start';

main('receiver', import.meta.url);
