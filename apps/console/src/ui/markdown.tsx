import Markdown, { type Components } from 'react-markdown';

const components: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer nofollow" />,
};

/**
 * Markdown from an untrusted source (a model that read a web page), rendered as React elements:
 * raw HTML is dropped, never parsed; link targets pass react-markdown's URL check (no
 * `javascript:`), and images are not loaded (a remote image would report who read the page).
 */
export function SafeMarkdown({ children }: { children: string }) {
  return (
    <Markdown skipHtml disallowedElements={['img']} unwrapDisallowed components={components}>
      {children}
    </Markdown>
  );
}
