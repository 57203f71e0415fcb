"""The Microblog pane's data: posts, private messages, the stream, reactions, digests."""
