/** Entry of the chart webview bundle (dist/webview.js). */
import { App } from './app';
import { hostApi } from './view/vscode-api';

const root = document.getElementById('app') ?? document.body;
new App(root, hostApi(), document.body.dataset.compact === 'true').start();
