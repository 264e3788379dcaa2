import { render } from 'preact';
import { App } from './components/App.tsx';
import { resume } from './store.ts';
import './styles.css';

render(<App />, document.getElementById('app')!);
void resume();
