"""Views of the internships app, one module per area: postings, applications, auctions."""
