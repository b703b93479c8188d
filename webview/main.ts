/** Entry of the chart webview bundle (dist/webview.js). */
import { App } from './app';
import { hostApi, takeBoot } from './view/vscode-api';

const root = document.getElementById('app') ?? document.body;
const boot = takeBoot();
new App(root, hostApi(boot), document.body.dataset.compact === 'true').start(boot?.queue);
