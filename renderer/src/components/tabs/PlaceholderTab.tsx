/** What each tab will hold. Said plainly instead of showing made-up content. */
const COMING: Record<'guide', { title: string; items: string[] }> = {
  guide: {
    title: 'The HA guide will be readable here',
    items: [
      'Each plan step with the why behind it and its section in the OpenStack HA guide.',
      'For training labs: walk through the guide step by step on real nodes.',
    ],
  },
};

export function PlaceholderTab({ tab }: { tab: 'guide' }) {
  const content = COMING[tab];
  return (
    <section className="placeholder" data-testid={`placeholder-${tab}`}>
      <h2>{content.title}</h2>
      <p className="muted">Not built yet. This tab will show:</p>
      <ul>
        {content.items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
