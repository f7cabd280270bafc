package everflow

import (
	"context"
	"fmt"
	"net/url"
)

// Offer is an offer of the network.
type Offer struct {
	ID     int    `json:"network_offer_id"`
	Name   string `json:"name"`
	Status string `json:"offer_status"`
}

// Offers lists the network's offers.
func (c *Client) Offers(ctx context.Context, page int) ([]Offer, error) {
	var out struct {
		Offers []Offer `json:"offers"`
	}
	q := url.Values{}
	q.Set("page", fmt.Sprint(page))
	if err := c.do(ctx, "GET", "/networks/offers?"+q.Encode(), nil, &out); err != nil {
		return nil, err
	}
	return out.Offers, nil
}

// Offer fetches one offer.
func (c *Client) Offer(ctx context.Context, id int) (*Offer, error) {
	var o Offer
	if err := c.do(ctx, "GET", fmt.Sprintf("/networks/offers/%d", id), nil, &o); err != nil {
		return nil, fmt.Errorf("offer %d: %w", id, err)
	}
	return &o, nil
}
